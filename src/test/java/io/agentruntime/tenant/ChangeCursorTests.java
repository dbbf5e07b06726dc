package io.agentruntime.tenant;

import java.util.List;
import java.util.UUID;

import io.agentruntime.tenant.ChangeCursor.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rows of the change feed are new, when numbers commit out of order. */
class ChangeCursorTests {

	private static final UUID A = UUID.randomUUID();

	private static final UUID B = UUID.randomUUID();

	private static final UUID C = UUID.randomUUID();

	@Test
	void reportsEachRowOnceAndReadsOnAfterTheHighest() {
		ChangeCursor cursor = new ChangeCursor(10);

		assertThat(cursor.advance(List.of(new Change(11, A), new Change(12, B)), 100, 100)).containsExactly(A, B);
		assertThat(cursor.readAfter()).isEqualTo(12);
		assertThat(cursor.advance(List.of(), 100, 100)).isEmpty();
		assertThat(cursor.advance(List.of(new Change(13, A)), 100, 100)).containsExactly(A);
	}

	@Test
	void aNumberCommittedAfterAHigherOneIsNotMissed() {
		ChangeCursor cursor = new ChangeCursor(10);

		// 11 belongs to transaction 90, still running; 12 committed.
		assertThat(cursor.advance(List.of(new Change(12, B)), 90, 100)).containsExactly(B);
		assertThat(cursor.openGaps()).containsExactly(11L);
		assertThat(cursor.readAfter()).as("reads again from below the gap").isEqualTo(10);
		assertThat(cursor.advance(List.of(new Change(12, B)), 90, 101)).as("12 is not reported twice").isEmpty();

		assertThat(cursor.advance(List.of(new Change(11, A), new Change(12, B)), 101, 101)).containsExactly(A);
		assertThat(cursor.openGaps()).isEmpty();
		assertThat(cursor.readAfter()).isEqualTo(12);
	}

	@Test
	void aGapIsClosedOnceEveryTransactionThatCouldHoldItHasEnded() {
		ChangeCursor cursor = new ChangeCursor(10);
		cursor.advance(List.of(new Change(12, B)), 90, 100);

		assertThat(cursor.advance(List.of(new Change(12, B), new Change(13, C)), 99, 105)).containsExactly(C);
		assertThat(cursor.openGaps()).as("transaction 99 may still hold it").containsExactly(11L);

		// Transactions before 100 have all ended and 11 never showed: it was rolled back.
		assertThat(cursor.advance(List.of(new Change(12, B), new Change(13, C)), 100, 106)).isEmpty();
		assertThat(cursor.openGaps()).isEmpty();
		assertThat(cursor.readAfter()).isEqualTo(13);
	}

	@Test
	void aGapSeenWithNoTransactionRunningIsClosedAtOnce() {
		ChangeCursor cursor = new ChangeCursor(10);

		assertThat(cursor.advance(List.of(new Change(13, C)), 100, 100)).containsExactly(C);

		assertThat(cursor.openGaps()).isEmpty();
		assertThat(cursor.readAfter()).isEqualTo(13);
	}

}
