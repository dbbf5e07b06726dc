package io.agentruntime.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Keeps Spring Security from observing its filters, authentications and authorizations.
 * {@code management.observations.enable.spring.security=false} only makes those
 * observations no-ops: the filter chain is still wrapped, and every one of its filters
 * still creates, names and scopes an observation on every request (about 2 % of a reply's
 * CPU in the issue 15 profile). Without these settings the chain is not wrapped at all.
 * No dashboard or alert reads {@code spring.security.*}; {@code http.server.requests}
 * still times every request.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationsOff {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
