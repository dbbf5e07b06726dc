package io.agentruntime.audit;

import java.util.UUID;

/**
 * Ids of new exchanges: time-ordered UUIDs (version 7 of RFC 9562: the Unix time in
 * milliseconds, then random bits), so that the audit table's primary key grows at its
 * right edge instead of at a random leaf page. With random ids nearly every insert
 * touched another leaf of the index, and the first touch of a page after a checkpoint
 * writes the whole page to the WAL (issue 15, docs/notes/15-s12.md: 0.8 full-page images
 * per exchange insert). 74 of the 128 bits stay random, from the JDK's secure generator.
 */
public final class ExchangeIds {

	private static final long VERSION_7 = 0x7000L;

	private ExchangeIds() {
	}

	/** A new exchange id, ordered after the ids of earlier milliseconds. */
	public static UUID next() {
		// A random (version 4) UUID already has the RFC's variant bits and random bits
		// everywhere else; its top 48 bits become the time and its version nibble a 7.
		UUID random = UUID.randomUUID();
		long mostSignificant = (System.currentTimeMillis() << 16) | VERSION_7
				| (random.getMostSignificantBits() & 0x0FFFL);
		return new UUID(mostSignificant, random.getLeastSignificantBits());
	}

}
