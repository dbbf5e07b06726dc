package io.agentruntime.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure that answers the caller with an RFC 9457 problem of a known kind. Subclasses
 * are named for what happened ({@code LeadNotFound}, {@code ModelNotAllowed}); their
 * detail is written for the caller and never carries upstream text, message content or
 * secrets.
 */
public abstract class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final List<Map<String, String>> errors;

	protected ApiProblem(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, null);
	}

	/** A problem with field errors ({@code errors: [{field, message}]}). */
	protected ApiProblem(HttpStatus status, String type, String title, String detail,
			List<Map<String, String>> errors) {
		super(detail, null, false, false);
		this.status = status;
		this.type = type;
		this.title = title;
		this.errors = errors;
	}

	/** Field errors, or {@code null}. */
	public List<Map<String, String>> errors() {
		return this.errors;
	}

	public HttpStatus status() {
		return this.status;
	}

	/**
	 * The stable problem type URI, e.g.
	 * {@code https://agent-runtime.dev/problems/not-found}.
	 */
	public URI type() {
		return Problems.type(this.type);
	}

	public String title() {
		return this.title;
	}

}
