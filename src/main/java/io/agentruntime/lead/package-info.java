/**
 * Leads of a dealership: their contact data and erasure. Owns the table {@code leads}.
 */
package io.agentruntime.lead;
