package io.agentruntime.tenant;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 403 for a widget key used from an origin it does not list (DESIGN §2), before anything
 * else runs. A request without {@code Origin} is refused too: browsers send it on every
 * {@code POST}, so only a caller outside a browser omits it, and such a caller should
 * hold a server-side {@code ark_} key. The header can be forged outside a browser; what
 * it stops is another site's page using the key in its visitors' browsers.
 */
final class WidgetOriginFilter extends OncePerRequestFilter {

	private final ObjectMapper mapper;

	WidgetOriginFilter(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof TenantAuthentication tenant && tenant.getPrincipal().allowedOrigins() != null
				&& !WidgetOrigins.allows(request.getHeader(HttpHeaders.ORIGIN),
						tenant.getPrincipal().allowedOrigins())) {
			Problems.write(response, this.mapper, Problems.of(HttpStatus.FORBIDDEN, "origin-not-allowed",
					"Origin not allowed", "This widget key may only be used from the web origins it lists."));
			return;
		}
		chain.doFilter(request, response);
	}

}
