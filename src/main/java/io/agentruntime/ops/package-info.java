/**
 * Operations: health probes, the start-up configuration check, scheduling. Owns no table.
 */
package io.agentruntime.ops;
