/**
 * What a reply may say: AI disclosure and commitment rules applied to the model's answer.
 * Owns no table.
 */
package io.agentruntime.policy;
