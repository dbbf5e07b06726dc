/**
 * The demo chat page served under {@code /demo/}. Owns no table and uses no other module.
 */
package io.agentruntime.demo;
