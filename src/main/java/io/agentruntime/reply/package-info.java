/**
 * The reply endpoint and its orchestration: admission, recall, prompt, LLM, policy,
 * audit. Owns no table; it calls the owners' APIs.
 */
package io.agentruntime.reply;
