/**
 * The dealership's persona (agent config): versioned, one active at a time, previewed as
 * a prompt. Owns the table {@code ai_agent_config}.
 */
package io.agentruntime.agentconfig;
