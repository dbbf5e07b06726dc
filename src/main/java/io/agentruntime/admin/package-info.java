/**
 * Platform administration: onboarding dealerships (clients) and issuing their API and
 * widget keys. Owns no table: it goes through {@code tenant}'s API.
 */
package io.agentruntime.admin;
