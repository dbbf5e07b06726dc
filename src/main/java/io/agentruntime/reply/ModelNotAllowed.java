package io.agentruntime.reply;

import java.util.List;
import java.util.Map;

import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** The requested model is not in {@code agent.llm.allowed-models}. */
class ModelNotAllowed extends ApiProblem {

	ModelNotAllowed() {
		super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.",
				List.of(Map.of("field", "model", "message", "is not an allowed model")));
	}

}
