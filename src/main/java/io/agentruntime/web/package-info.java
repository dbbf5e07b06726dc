/**
 * The shared kernel, declared in {@code @Modulithic(sharedModules = "web")} on
 * {@code AgentRuntimeApplication}: RFC 9457 problems and their one advice, the HTTP edge
 * filters, Jackson and OpenAPI configuration. Every module may use it; it uses no module
 * and owns no table. Keep it small: what only one feature needs belongs in that feature.
 */
package io.agentruntime.web;
