/**
 * What the runtime remembers: recall before a reply and the outbox that delivers every
 * accepted write to the memory store. Owns the tables {@code memory_outbox},
 * {@code memory_documents} and {@code memory_dealership_scope}.
 */
package io.agentruntime.memory;
