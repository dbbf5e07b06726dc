package io.agentruntime.tenant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.agentruntime.web.ApiAccess;
import io.agentruntime.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Real Spring Security for a stateless bearer API (DESIGN §2): JWTs through the OAuth2
 * resource server and tenant API keys through {@link ApiKeyAuthenticationProvider}, both
 * as {@code Authorization: Bearer}. 401 and 403 leave as the same problem JSON as every
 * other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, TenantDirectory directory,
			ObjectMapper mapper) throws Exception {
		AuthenticationEntryPoint entryPoint = problemEntryPoint(mapper);
		AccessDeniedHandler deniedHandler = problemAccessDeniedHandler(mapper);
		AuthenticationManager manager = authenticationManager(properties, directory);
		http.csrf(csrf -> csrf.disable())
			.cors(Customizer.withDefaults())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			// An async dispatch writes the answer of a request authorized when it came in
			// (the reply, which does its work on a thread of its own): not checked twice.
			.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers(ApiAccess.PUBLIC)
				.permitAll()
				.requestMatchers(ApiAccess.PLATFORM_ADMIN)
				.hasAuthority("SCOPE_" + TenantPrincipal.SCOPE_PLATFORM)
				.requestMatchers(ApiAccess.TENANT_ADMIN)
				.hasAuthority("SCOPE_" + TenantPrincipal.SCOPE_ADMIN)
				// The only endpoint a widget credential may call (DESIGN §2). The event
				// stream of conversations it started (§13) joins it here, its controller
				// calling ConversationTokens.requireAccess as the reply does.
				.requestMatchers(HttpMethod.POST, WidgetCorsConfigurationSource.REPLY_PATH)
				.hasAnyAuthority("SCOPE_" + TenantPrincipal.SCOPE_REPLY, "SCOPE_" + TenantPrincipal.SCOPE_WIDGET)
				.requestMatchers(ApiAccess.TENANT)
				.hasAuthority("SCOPE_" + TenantPrincipal.SCOPE_REPLY)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(oauth -> oauth.authenticationManagerResolver(request -> manager)
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(deniedHandler))
			.exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
			.addFilterAfter(new ActiveClientFilter(directory, mapper), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new WidgetOriginFilter(mapper), ActiveClientFilter.class);
		return http.build();
	}

	/** API keys first (they are recognised by prefix), then JWTs when configured. */
	private static AuthenticationManager authenticationManager(SecurityProperties properties,
			TenantDirectory directory) {
		List<AuthenticationProvider> providers = new ArrayList<>();
		providers.add(new ApiKeyAuthenticationProvider(directory, properties.platformAdminKey()));
		if (properties.jwtEnabled()) {
			JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(properties.jwt()));
			jwt.setJwtAuthenticationConverter(new JwtTenantConverter());
			providers.add(jwt);
		}
		return new ProviderManager(providers);
	}

	/**
	 * HS256 with the shared secret or RS256 through a JWK set; {@code exp} required and
	 * bounded by {@code agent.security.jwt.max-lifetime}, iss/aud when set.
	 */
	static NimbusJwtDecoder jwtDecoder(SecurityProperties.Jwt jwt) {
		NimbusJwtDecoder decoder = (jwt.secret() != null)
				? NimbusJwtDecoder
					.withSecretKey(new SecretKeySpec(jwt.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
					.macAlgorithm(MacAlgorithm.HS256)
					.build()
				: NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add((jwt.issuer() != null) ? JwtValidators.createDefaultWithIssuer(jwt.issuer())
				: JwtValidators.createDefault());
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null));
		validators.add(new JwtLifetimeValidator(jwt.maxLifetime(), Clock.systemUTC()));
		if (jwt.audience() != null) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					aud -> aud != null && aud.contains(jwt.audience())));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

	/**
	 * The global origins everywhere, plus the widget keys' origins on the reply
	 * (WidgetCorsConfigurationSource).
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(SecurityProperties properties,
			WidgetOriginDirectory widgetOrigins) {
		return new WidgetCorsConfigurationSource(globalCors(properties), properties.cors().allowedOrigins(),
				widgetOrigins);
	}

	private static CorsConfigurationSource globalCors(SecurityProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.cors().allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.cors().allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id", ConversationTokens.HEADER));
			cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After"));
			cors.setMaxAge(3600L);
			source.registerCorsConfiguration("/api/**", cors);
		}
		return source;
	}

	private static AuthenticationEntryPoint problemEntryPoint(ObjectMapper mapper) {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex);
			Problems.write(response, mapper, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
					"A valid bearer credential (JWT or API key) is required."));
		};
	}

	private static AccessDeniedHandler problemAccessDeniedHandler(ObjectMapper mapper) {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			bearer.handle(request, response, ex);
			Problems.write(response, mapper, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"The credential does not allow this operation."));
		};
	}

	/** 403 for a tenant credential whose client is unknown or disabled (DESIGN §2). */
	static final class ActiveClientFilter extends OncePerRequestFilter {

		private final TenantDirectory directory;

		private final ObjectMapper mapper;

		ActiveClientFilter(TenantDirectory directory, ObjectMapper mapper) {
			this.directory = directory;
			this.mapper = mapper;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication instanceof TenantAuthentication tenant && tenant.getPrincipal().clientId() != null
					&& !this.directory.isActiveClient(tenant.getPrincipal().clientId())) {
				Problems.write(response, this.mapper, Problems.of(HttpStatus.FORBIDDEN, "client-disabled",
						"Client disabled", "This dealership is unknown or disabled."));
				return;
			}
			chain.doFilter(request, response);
		}

	}

}
