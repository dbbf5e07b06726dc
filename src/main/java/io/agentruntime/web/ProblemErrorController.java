package io.agentruntime.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers {@code /error}, where the container sends errors raised outside Spring MVC (a
 * request the security firewall rejects, such as {@code //} or {@code ;} in the path; an
 * error page dispatch), with the same problem JSON as everything else (DESIGN §3). It
 * replaces Boot's {@code BasicErrorController}, whose JSON is not a problem and which
 * sends no body at all when the {@code Accept} header names nothing it can produce. Found
 * by the fuzz campaign (issue 9).
 */
@Controller
class ProblemErrorController implements ErrorController {

	private final ObjectMapper mapper;

	ProblemErrorController(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String slug = status.is5xxServerError() ? "internal" : (status == HttpStatus.BAD_REQUEST) ? "bad-request"
				: status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
		String detail = status.is5xxServerError() ? "The request could not be completed."
				: "The request was rejected: " + status.getReasonPhrase() + ".";
		Problems.write(response, this.mapper, Problems.of(status, slug, status.getReasonPhrase(), detail));
	}

}
