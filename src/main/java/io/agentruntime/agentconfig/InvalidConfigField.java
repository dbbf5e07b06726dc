package io.agentruntime.agentconfig;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * A field that Bean Validation cannot judge alone (a model outside the allowed list, a
 * missing version).
 */
class InvalidConfigField extends ApiProblem {

	InvalidConfigField(String field, String message) {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", field, "message", message)));
	}

	static InvalidConfigField modelNotAllowed() {
		return new InvalidConfigField("model", "is not an allowed model");
	}

	static InvalidConfigField versionRequired() {
		return new InvalidConfigField("version", "must not be null");
	}

}
