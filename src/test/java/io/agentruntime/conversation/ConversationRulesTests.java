package io.agentruntime.conversation;

import java.time.Instant;
import java.util.UUID;

import io.agentruntime.llm.Handoff;
import io.agentruntime.llm.Qualification;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conversation state machine and qualification merge (DESIGN §10, §11). */
class ConversationRulesTests {

	private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

	private static final UUID EXCHANGE = UUID.randomUUID();

	@Nested
	class Handoffs {

		@Test
		void keepsTheModelsHandoffAndReason() {
			assertThat(ConversationRules.handoff(Handoff.requested("negotiation"), "Can I talk to a human?"))
				.isEqualTo(Handoff.requested("negotiation"));
		}

		@Test
		void handsOffAPlainRequestForAPersonTheModelMissed() {
			assertThat(ConversationRules.handoff(null, "Can I talk to a real person?"))
				.isEqualTo(Handoff.requested("wants_human"));
		}

		@Test
		void requestsNoHandoffOtherwise() {
			assertThat(ConversationRules.handoff(null, "Is the RAV4 available?")).isNull();
		}

		@Test
		void dropsAReasonOutsideTheList() {
			assertThat(Handoff.requested("bored").reason()).isNull();
		}

	}

	@Nested
	class Qualifications {

		@Test
		void fillsFieldsTurnByTurn() {
			Qualification first = ConversationRules.merge(null,
					new Qualification("test_drive", null, null, null, null, null));
			Qualification second = ConversationRules.merge(first,
					new Qualification(null, "2024 RAV4 Hybrid", "this_week", null, null, null));
			Qualification third = ConversationRules.merge(second,
					new Qualification(null, null, "unknown", true, "wants_financing", "text"));

			assertThat(third).isEqualTo(
					new Qualification("test_drive", "2024 RAV4 Hybrid", "this_week", true, "wants_financing", "text"));
		}

		@Test
		void letsALaterAnswerReplaceAnEarlierOne() {
			Qualification merged = ConversationRules.merge(
					new Qualification("browse", null, "later", false, null, null),
					new Qualification("buy", null, "today", true, null, null));

			assertThat(merged).isEqualTo(new Qualification("buy", null, "today", true, null, null));
		}

		@Test
		void dropsValuesOutsideTheEnums() {
			Qualification turn = new Qualification("purchase", "  ", "next_year", null, "crypto", "pigeon");

			assertThat(turn).isEqualTo(Qualification.NONE);
		}

		@Test
		void cutsAnOverlongVehicle() {
			assertThat(new Qualification(null, "x".repeat(300), null, null, null, null).vehicle()).hasSize(200);
		}

		@Test
		void qualifiesABuyingIntentWithAVehicleOrATimeframe() {
			assertThat(ConversationRules.qualified(new Qualification("buy", "F-150", null, null, null, null))).isTrue();
			assertThat(
					ConversationRules.qualified(new Qualification("financing", null, "this_month", null, null, null)))
				.isTrue();
			assertThat(ConversationRules.qualified(new Qualification("buy", null, "unknown", null, null, null)))
				.isFalse();
			assertThat(ConversationRules.qualified(new Qualification("browse", "F-150", "today", null, null, null)))
				.isFalse();
		}

	}

	@Nested
	class States {

		@Test
		void movesAiToHandoffWithItsEvents() {
			ConversationRules.Change change = ConversationRules.answered(conversation(ConversationState.AI, null),
					EXCHANGE, Handoff.requested("wants_human"), Qualification.NONE, false, NOW);

			assertThat(change.next().state()).isEqualTo(ConversationState.HANDOFF);
			assertThat(change.next().handoffReason()).isEqualTo("wants_human");
			assertThat(change.events()).extracting(ConversationEvent::type)
				.containsExactly("message.lead", "message.agent", "state.changed", "handoff.requested");
		}

		@Test
		void reopensAClosedConversationAsAi() {
			ConversationRules.Change change = ConversationRules.answered(conversation(ConversationState.CLOSED, null),
					EXCHANGE, null, Qualification.NONE, false, NOW);

			assertThat(change.next().state()).isEqualTo(ConversationState.AI);
			assertThat(change.events().get(2).payload()).containsEntry("from", "closed").containsEntry("to", "ai");
		}

		@Test
		void leavesAConversationStaffTookOverMeanwhileWithStaff() {
			ConversationRules.Change change = ConversationRules.answered(conversation(ConversationState.HUMAN, "dana"),
					EXCHANGE, Handoff.requested("complaint"), Qualification.NONE, false, NOW);

			assertThat(change.next().state()).isEqualTo(ConversationState.HUMAN);
			assertThat(change.next().assignee()).isEqualTo("dana");
		}

		@Test
		void firesLeadQualifiedOnlyTheFirstTime() {
			Qualification buyer = new Qualification("buy", "F-150", null, null, null, null);
			ConversationRules.Change first = ConversationRules.answered(conversation(ConversationState.AI, null),
					EXCHANGE, null, buyer, false, NOW);
			ConversationRules.Change second = ConversationRules.answered(first.next(), EXCHANGE, null,
					new Qualification("test_drive", "Tacoma", "today", null, null, null), false, NOW.plusSeconds(60));

			assertThat(first.events()).extracting(ConversationEvent::type).contains("lead.qualified");
			assertThat(first.next().qualifiedAt()).isEqualTo(NOW);
			assertThat(second.events()).extracting(ConversationEvent::type).doesNotContain("lead.qualified");
		}

		@Test
		void takesOverFromAiOrHandoffAndRefusesAClosedOne() {
			assertThat(ConversationRules.takeover(conversation(ConversationState.HANDOFF, null), "dana").next())
				.extracting(Conversation::state, Conversation::assignee)
				.containsExactly(ConversationState.HUMAN, "dana");
			assertThatThrownBy(() -> ConversationRules.takeover(conversation(ConversationState.CLOSED, null), "dana"))
				.isInstanceOf(ConversationConflict.class)
				.hasMessageContaining("closed");
		}

		@Test
		void refusesATakeoverOfAnotherStaffMembersConversationButRepeatsOnesOwn() {
			Conversation dana = conversation(ConversationState.HUMAN, "dana");

			assertThat(ConversationRules.takeover(dana, "dana").changed()).isFalse();
			assertThatThrownBy(() -> ConversationRules.takeover(dana, "sam")).isInstanceOf(ConversationConflict.class);
		}

		@Test
		void releasesToAiAndClosesFromAnyState() {
			assertThat(ConversationRules.release(conversation(ConversationState.HUMAN, "dana")).next())
				.extracting(Conversation::state, Conversation::assignee, Conversation::handoffReason)
				.containsExactly(ConversationState.AI, null, null);
			for (ConversationState state : ConversationState.values()) {
				assertThat(ConversationRules.close(conversation(state, null)).next().state())
					.isEqualTo(ConversationState.CLOSED);
			}
			assertThatThrownBy(() -> ConversationRules.release(conversation(ConversationState.CLOSED, null)))
				.isInstanceOf(ConversationConflict.class);
		}

		@Test
		void acceptsStaffMessagesOnlyWhileStaffHaveTheConversation() {
			assertThat(
					ConversationRules.staffMessage(conversation(ConversationState.HUMAN, "dana"), EXCHANGE, "dana", NOW)
						.events())
				.extracting(ConversationEvent::type)
				.containsExactly("message.staff");
			assertThatThrownBy(() -> ConversationRules.staffMessage(conversation(ConversationState.AI, null), EXCHANGE,
					"dana", NOW))
				.isInstanceOf(ConversationConflict.class);
		}

	}

	@Test
	void cursorsRoundTripAndRejectForeignTokens() {
		ConversationCursor cursor = new ConversationCursor(Instant.parse("2026-12-03T12:00:00.123456Z"), "conv:9");

		assertThat(ConversationCursor.decode(cursor.encode())).isEqualTo(cursor);
		assertThatThrownBy(() -> ConversationCursor.decode("bm90LWEtY3Vyc29y"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static Conversation conversation(ConversationState state, String assignee) {
		return new Conversation(UUID.randomUUID(), "conv-1", "lead-1", state, assignee, Qualification.NONE,
				(state == ConversationState.HANDOFF || state == ConversationState.HUMAN) ? "wants_human" : null, null,
				NOW.minusSeconds(60), 3);
	}

}
