package io.agentruntime.ops;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns an invalid configuration into Boot's "APPLICATION FAILED TO START" report with a
 * one-line description (DESIGN §8) instead of a stack trace: an
 * {@link InvalidConfigurationException} from {@link ConfigurationCheck}, or an
 * {@code agent.*} property record that refused its values while it was bound (its own
 * one-line check, a constraint annotation, or a value that does not convert).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationFailureAnalyzer implements FailureAnalyzer {

	private static final String ACTION = "Fix this setting (property or environment variable, see the README's configuration table) and start again.";

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof InvalidConfigurationException invalid) {
				return new FailureAnalysis(invalid.getMessage(), ACTION, invalid);
			}
			if (cause instanceof BindException bind && bind.getName().toString().startsWith("agent.")) {
				return new FailureAnalysis(reason(bind), ACTION, bind);
			}
		}
		return null;
	}

	/**
	 * The first sentence worth reading of a failed binding: the record's own one-line
	 * check, the violated constraint, or which property failed to convert. Never the
	 * value, which may be a secret.
	 */
	static String reason(BindException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = (cause.getCause() != cause) ? cause.getCause()
				: null) {
			String message = cause.getMessage();
			if (cause instanceof IllegalArgumentException && message != null && !message.contains("\n")
					&& (message.startsWith("agent.") || message.startsWith("set only one")
							|| message.startsWith("no credential source"))) {
				return message;
			}
			if (cause instanceof BindValidationException validation
					&& !validation.getValidationErrors().getAllErrors().isEmpty()) {
				ObjectError error = validation.getValidationErrors().getAllErrors().get(0);
				String property = (error instanceof FieldError field)
						? validation.getValidationErrors().getName() + "." + field.getField() : ex.getName().toString();
				return property + " " + error.getDefaultMessage();
			}
		}
		String property = (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
		return property + " has an invalid value";
	}

}
