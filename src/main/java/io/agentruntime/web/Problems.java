package io.agentruntime.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The one place problem types and bodies are made, so that the controller advice, the
 * security entry point and the filters all answer in the same RFC 9457 shape.
 */
public final class Problems {

	/** Base of every problem {@code type} URI; stable, documented in the README. */
	public static final String TYPE_BASE = "https://agent-runtime.dev/problems/";

	private Problems() {
	}

	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

	/** A problem with a stable type slug, a human title and a caller-safe detail. */
	public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The 503 of an instance with more work than it takes on ({@code Retry-After: 1}): a
	 * full reply admission or an exhausted connection pool.
	 */
	public static ProblemDetail overloaded(String detail) {
		return of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Service busy", detail);
	}

	/** A 400 validation problem carrying {@code errors: [{field, message}]}. */
	public static ProblemDetail validation(List<Map<String, String>> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
				"The request has invalid fields.");
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * Writes a problem directly to the servlet response (filters and security handlers).
	 */
	public static void write(HttpServletResponse response, ObjectMapper mapper, ProblemDetail problem)
			throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		mapper.writeValue(response.getOutputStream(), problem);
	}

}
