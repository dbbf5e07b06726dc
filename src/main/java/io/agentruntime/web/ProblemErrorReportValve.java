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
			String title = (status >= 500) ? "Internal Server Error"
					: (status == 400) ? "Bad Request" : "Request rejected";
			String slug = (status >= 500) ? "internal" : (status == 400) ? "bad-request" : "rejected";
			String detail = (status >= 500) ? "The request could not be completed." : "The request was rejected.";
			Writer writer = response.getReporter();
			if (writer != null) {
				// Fixed texts only: nothing of the request is echoed.
				writer.write("{\"type\":\"" + Problems.TYPE_BASE + slug + "\",\"title\":\"" + title + "\",\"status\":"
						+ status + ",\"detail\":\"" + detail + "\"}");
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response committed: nothing more can be said.
		}
	}

}
