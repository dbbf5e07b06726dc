package io.agentruntime.ops;

/**
 * Startup refused because of an invalid combination of properties (DESIGN §8). The
 * message is one line naming the property and the fix; it never contains a secret value.
 */
public class InvalidConfigurationException extends RuntimeException {

	public InvalidConfigurationException(String reason) {
		super(reason, null, false, false);
	}

}
