package io.agentruntime.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A 406 (an {@code Accept} header that names nothing we produce, or is not a media type
 * at all) must still carry a problem body, but content negotiation cannot choose one for
 * it: the problem is written directly, as the security handlers do. Before this, such a
 * request got an empty 406 (found by the fuzz campaign, issue 9).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotAcceptableAdvice {

	private final ObjectMapper mapper;

	NotAcceptableAdvice(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	void handleNotAcceptable(HttpServletResponse response) throws IOException {
		Problems.write(response, this.mapper, Problems.of(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
				"This endpoint answers application/json and application/problem+json only."));
	}

}
