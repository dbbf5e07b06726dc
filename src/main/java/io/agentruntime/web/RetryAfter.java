package io.agentruntime.web;

/**
 * A problem that tells the caller when to try again ({@code Retry-After}, in seconds).
 */
public interface RetryAfter {

	long retryAfterSeconds();

}
