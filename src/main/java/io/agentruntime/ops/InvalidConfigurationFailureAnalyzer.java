package io.agentruntime.ops;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns an invalid configuration into Boot's "APPLICATION FAILED TO START" report with a
 * one-line description (DESIGN §8) instead of a stack trace: an
 * {@link InvalidConfigurationException} from {@link ConfigurationCheck}, or a property
 * record's own one-line check that fired while binding (a group the check does not know
 * yet).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationFailureAnalyzer implements FailureAnalyzer {

	private static final String ACTION = "Fix this setting (property or environment variable, see the README's configuration table) and start again.";

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		boolean binding = false;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof InvalidConfigurationException invalid) {
				return new FailureAnalysis(invalid.getMessage(), ACTION, invalid);
			}
			binding |= cause instanceof BindException;
			if (binding && cause instanceof IllegalArgumentException && cause.getMessage() != null
					&& cause.getMessage().startsWith("agent.") && !cause.getMessage().contains("\n")) {
				return new FailureAnalysis(cause.getMessage(), ACTION, cause);
			}
		}
		return null;
	}

}
