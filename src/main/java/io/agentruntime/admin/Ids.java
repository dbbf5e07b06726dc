package io.agentruntime.admin;

import java.util.UUID;
import java.util.function.Supplier;

import io.agentruntime.web.ApiProblem;

/**
 * Path ids: a malformed id names nothing, so it answers the same 404 as an unknown one.
 */
final class Ids {

	private Ids() {
	}

	static UUID parse(String id, Supplier<? extends ApiProblem> notFound) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw notFound.get();
		}
	}

}
