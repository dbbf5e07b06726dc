package io.agentruntime.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.support.Api;

/**
 * What every error answer of the API must look like (RFC 9457, DESIGN §3), as one check
 * for the fuzzers.
 */
final class ProblemShape {

	private ProblemShape() {
	}

	/**
	 * Checks an error answer.
	 * @param response the answer, status 400 or above
	 * @param status its status
	 * @return what is wrong with it, or {@code null} when it is a proper problem
	 */
	static String violation(Api.Response response, int status) {
		String type = response.contentType();
		if (type == null || !type.startsWith("application/problem+json")) {
			return "4xx without application/problem+json";
		}
		JsonNode body;
		try {
			body = response.json();
		}
		catch (IllegalStateException ex) {
			return "problem body is not JSON";
		}
		if (body.path("status").asInt() != status || !body.path("title").isTextual()
				|| !body.path("type").isTextual()) {
			return "problem body lacks status, title or type";
		}
		if (response.body().contains("Exception") || response.body().contains("at io.")) {
			return "problem body leaks internals";
		}
		return null;
	}

}
