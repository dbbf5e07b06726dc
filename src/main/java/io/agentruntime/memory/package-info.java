/**
 * What the runtime remembers: recall before a reply and the outbox that delivers every
 * accepted write to the memory store. Owns the tables {@code memory_outbox} and
 * {@code memory_documents}.
 */
package io.agentruntime.memory;
