/**
 * Conversations between a lead, the AI and staff (takeover, staff messages, history).
 * Owns the tables {@code conversation} and {@code conversation_event}.
 */
package io.agentruntime.conversation;
