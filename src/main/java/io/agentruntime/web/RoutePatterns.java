package io.agentruntime.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The route a request was or would be handled by, as its pattern
 * ({@code /api/agent/leads/{leadId}}), for logs: a request URI carries whatever a caller
 * put in the path, such as a lead id that is an e-mail address (issue 14, DESIGN §2:
 * nothing personal in logs). Meant for failure paths, where the cost of a lookup does not
 * matter.
 */
@Component
public class RoutePatterns {

	/** What the log says for a request no controller maps. */
	public static final String UNMATCHED = "(unmatched route)";

	private final ObjectProvider<RequestMappingHandlerMapping> mappings;

	RoutePatterns(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
		this.mappings = mappings;
	}

	/**
	 * The pattern Spring MVC matched, or, for a request that failed before MVC ran (in
	 * the security filter chain), the pattern it would match.
	 * @param request the request
	 * @return the pattern, or {@link #UNMATCHED}; never the request's own path
	 */
	public String of(HttpServletRequest request) {
		if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
			return pattern;
		}
		RequestMappingHandlerMapping mapping = this.mappings.getIfAvailable();
		if (mapping == null) {
			return UNMATCHED;
		}
		try {
			if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			// The lookup stores the matched pattern on the request.
			if (mapping.getHandler(request) != null
					&& request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
				return pattern;
			}
		}
		catch (Exception ex) {
			// A path MVC would refuse (wrong method, media type, …): no route to name.
		}
		return UNMATCHED;
	}

}
