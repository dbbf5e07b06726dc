package io.agentruntime.tenant;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.util.UrlPathHelper;

/**
 * CORS of the API: the global {@code agent.security.cors.allowed-origins} everywhere, and
 * on {@code POST /api/agent/reply} also every origin a live widget key lists (DESIGN §2),
 * so a dealership's page can call the reply endpoint with its widget key without anyone
 * editing the service's configuration. Which key may be used from which origin is decided
 * on the request itself, once the key is known ({@code WidgetOriginFilter}): a preflight
 * carries no credential.
 */
final class WidgetCorsConfigurationSource implements CorsConfigurationSource {

	/**
	 * The one endpoint a widget key may call (the event stream of DESIGN §13 joins it).
	 */
	static final String REPLY_PATH = "/api/agent/reply";

	/** What a widget's requests send beyond the CORS-safelisted headers. */
	static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.ACCEPT, "X-Request-Id", ConversationTokens.HEADER);

	static final List<String> EXPOSED_HEADERS = List.of("X-Request-Id", HttpHeaders.RETRY_AFTER);

	private final CorsConfigurationSource global;

	private final List<String> globalOrigins;

	private final WidgetOriginDirectory widgetOrigins;

	WidgetCorsConfigurationSource(CorsConfigurationSource global, List<String> globalOrigins,
			WidgetOriginDirectory widgetOrigins) {
		this.global = global;
		this.globalOrigins = globalOrigins;
		this.widgetOrigins = widgetOrigins;
	}

	@Override
	public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		CorsConfiguration global = this.global.getCorsConfiguration(request);
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		// Decoded as MVC decodes it when it picks the handler (ReplyAdmission does the
		// same).
		if (origin == null || !REPLY_PATH.equals(UrlPathHelper.defaultInstance.getPathWithinApplication(request))) {
			return global;
		}
		String canonical = WidgetOrigins.canonical(origin).orElse(null);
		if (canonical == null || !this.widgetOrigins.isKnown(canonical)) {
			return global;
		}
		List<String> origins = new ArrayList<>(this.globalOrigins);
		origins.add(canonical);
		CorsConfiguration widget = new CorsConfiguration();
		widget.setAllowedOrigins(origins);
		widget.setAllowedMethods(List.of("POST"));
		widget.setAllowedHeaders(ALLOWED_HEADERS);
		widget.setExposedHeaders(EXPOSED_HEADERS);
		widget.setMaxAge(600L);
		return widget;
	}

}
