package io.agentruntime.web;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last-resort error page as an RFC 9457 problem instead of an HTML page. Tomcat
 * answers some requests itself before any filter runs, for example a path with an encoded
 * NUL ({@code %00}) or an encoded slash ({@code %2F}); DESIGN §3 still wants problem+json
 * and an {@code X-Request-Id} there. Responses that already have a body (everything
 * Spring answers) are left alone. Found by the fuzz campaign (issue 9).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		try {
			if (response.getHeader(RequestIdFilter.HEADER) == null) {
				response.setHeader(RequestIdFilter.HEADER, UUID.randomUUID().toString());
			}
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Answer answer = answer(status);
			Writer writer = response.getReporter();
			if (writer != null) {
				// Fixed texts only: nothing of the request is echoed.
				writer.write("{\"type\":\"" + Problems.TYPE_BASE + answer.slug() + "\",\"title\":\"" + answer.title()
						+ "\",\"status\":" + status + ",\"detail\":\"" + answer.detail() + "\"}");
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response committed: nothing more can be said.
		}
	}

	/**
	 * The fixed problem texts for a status Tomcat set. A 501 is Tomcat refusing a
	 * {@code Transfer-Encoding} other than chunked (RFC 9112 §6.1), e.g.
	 * {@code gzip, chunked}: the caller's request, not our fault, so it is named as such
	 * rather than as an internal error (issue 14).
	 */
	static Answer answer(int status) {
		if (status == 501) {
			return new Answer("unsupported-transfer-coding", "Unsupported transfer coding",
					"The request uses a transfer coding this service does not support. "
							+ "Send the body uncompressed, with Content-Length or Transfer-Encoding: chunked.");
		}
		if (status >= 500) {
			return new Answer("internal", "Internal Server Error", "The request could not be completed.");
		}
		if (status == 400) {
			return new Answer("bad-request", "Bad Request", "The request was rejected.");
		}
		return new Answer("rejected", "Request rejected", "The request was rejected.");
	}

	/**
	 * Fixed texts of a problem: nothing of the request is echoed.
	 *
	 * @param slug the last segment of the problem type
	 * @param title the title
	 * @param detail the detail
	 */
	record Answer(String slug, String title, String detail) {
	}

}
