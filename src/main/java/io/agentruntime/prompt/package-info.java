/**
 * Turns a persona, recalled notes and the conversation into the messages sent to the LLM.
 * A leaf: it depends on no other module of the application and on nothing that does I/O
 * ({@code ModuleStructureTests} keeps it so).
 */
package io.agentruntime.prompt;
