/**
 * The LLM port and its OpenAI-compatible client (models, fallback, repair, resilience).
 * Owns no table.
 */
package io.agentruntime.llm;
