package io.agentruntime.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one controller advice: every error leaves as RFC 9457
 * {@code application/problem+json} with a stable {@code type}, a human {@code title} and
 * a caller-safe {@code detail}. No stack traces, exception class names, rejected values
 * or upstream text reach the caller.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/** Logs name the route, never the request URI (issue 14). */
	private final RoutePatterns routes;

	ApiExceptionHandler(RoutePatterns routes) {
		this.routes = routes;
	}

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> handleApiProblem(ApiProblem ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setType(ex.type());
		problem.setTitle(ex.title());
		if (ex.errors() != null) {
			problem.setProperty("errors", ex.errors());
		}
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof RetryAfter retryAfter) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.retryAfterSeconds()));
		}
		return ResponseEntity.status(ex.status()).headers(headers).body(problem);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getConstraintViolations()
			.forEach(v -> errors.add(error(leaf(v.getPropertyPath().toString()), v.getMessage())));
		return ResponseEntity.badRequest().body(Problems.validation(errors));
	}

	/**
	 * Database unreachable or its pool exhausted: a quick 503, never a hang or a 500
	 * (DESIGN §3).
	 */
	private ResponseEntity<ProblemDetail> databaseDown(Exception ex, HttpServletRequest request) {
		DatabaseFailures.Answer answer = DatabaseFailures.answer(ex);
		log.warn("Database {} for {} {}: {}", answer.reason(), request.getMethod(), this.routes.of(request),
				ex.getClass().getSimpleName());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds())
			.body(answer.problem());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
		if (ex instanceof org.springframework.security.access.AccessDeniedException
				|| ex instanceof org.springframework.security.core.AuthenticationException) {
			// Let Spring Security's handlers answer 401/403 in the same problem shape.
			throw ex;
		}
		if (DatabaseFailures.unreachable(ex)) {
			return databaseDown(ex, request);
		}
		if (DatabaseFailures.unstorableText(ex)) {
			log.debug("Unstorable text in {} {}", request.getMethod(), this.routes.of(request));
			return ResponseEntity.badRequest()
				.body(Problems.validation(List.of(error("body", "must not contain NUL characters"))));
		}
		log.error("Unexpected error on {} {}", request.getMethod(), this.routes.of(request), ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
					"The request could not be completed."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError fieldError : ex.getBindingResult().getFieldErrors()) {
			errors.add(error(fieldError.getField(), fieldError.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(e -> errors.add(error(e.getObjectName(), e.getDefaultMessage())));
		log.debug("Validation failed: {} field errors", errors.size());
		return ResponseEntity.badRequest().body(Problems.validation(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach(result -> result.getResolvableErrors()
				.forEach(
						e -> errors.add(error(result.getMethodParameter().getParameterName(), e.getDefaultMessage()))));
		return ResponseEntity.badRequest().body(Problems.validation(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
					"The request body is not valid JSON of the expected shape."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.body(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
					"Send the request body as application/json."));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource."));
	}

	/** Gives framework-made problems (405, 406, …) our stable type and title. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getType() != null
				&& "about:blank".equals(problem.getType().toString())) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String reason = (status != null) ? status.getReasonPhrase() : "Error";
			problem.setType(Problems.type(reason.toLowerCase().replace(' ', '-')));
			problem.setTitle(reason);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", (message != null) ? message : "is invalid");
	}

	private static String leaf(String path) {
		int dot = path.lastIndexOf('.');
		return (dot >= 0) ? path.substring(dot + 1) : path;
	}

}
