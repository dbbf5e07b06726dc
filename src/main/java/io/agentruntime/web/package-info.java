/**
 * The shared kernel of the HTTP edge: what every feature's endpoints share and nothing a
 * feature owns. It holds the RFC 9457 problems ({@link io.agentruntime.web.ApiProblem},
 * {@link io.agentruntime.web.Problems} and the one advice that writes them, also for
 * errors Tomcat or the security chain answer), the servlet filters that run ahead of
 * Spring Security and their one order ({@link io.agentruntime.web.FilterOrder}), the
 * request id, route patterns and database-failure recognition those answers need, and the
 * Jackson and OpenAPI configuration every controller is rendered with. Features may
 * import it; it imports no feature: feature-specific problems, tables and rules live in
 * their feature, which extends {@code ApiProblem}. A class belongs here only when at
 * least two features need it and it knows nothing of agents, leads, memory or tenants.
 * Declared as shared in {@code @Modulithic(sharedModules = "web")} on
 * {@code AgentRuntimeApplication}; it owns no table.
 */
package io.agentruntime.web;
