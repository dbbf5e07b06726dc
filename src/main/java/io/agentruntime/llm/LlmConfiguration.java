package io.agentruntime.llm;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.web.ShardedCalls;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The LLM upstream's OkHttp client and the {@link LlmClient} on top of it. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	/**
	 * Idle keep-alive connections kept for the LLM upstream: about its completions in
	 * flight under load.
	 */
	private static final int IDLE_CONNECTIONS = 1024;

	/**
	 * The client, its resilience instances registered in Boot's Resilience4j registries
	 * (built from {@code resilience4j.*.configs.llm}, with the {@code agent.llm.*}
	 * aliases that are set winning) and its HTTP calls observed in the application's
	 * registry.
	 */
	@Bean
	LlmClient llmClient(LlmProperties properties, ObjectMapper mapper, RetryRegistry retries,
			ObjectProvider<CommonRetryConfigurationProperties> retryProperties, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, ObservationRegistry observations) {
		CommonRetryConfigurationProperties configured = retryProperties.getIfAvailable();
		LlmRetryPolicy policy = LlmRetryPolicy.resolve(
				(configured != null) ? configured.getConfigs().get(LlmResilience.CONFIG) : null, properties.retry());
		return new OpenAiCompatibleLlmClient(httpClient(properties), properties, mapper, policy, retries, breakers,
				bulkheads, observations);
	}

	/**
	 * Turns the LLM-call observations into the GenAI metrics; Boot registers every
	 * {@link io.micrometer.observation.ObservationHandler} bean with the observation
	 * registry.
	 */
	@Bean
	GenAiMetrics genAiMetrics(MeterRegistry meters) {
		return new GenAiMetrics(meters);
	}

	/**
	 * Keeps Micrometer's default meter handler from timing the LLM-call observation a
	 * second time: {@link GenAiMetrics} already records it under the GenAI names, and the
	 * default timer would add an {@code error} label outside DESIGN §7's bounded set.
	 */
	@Bean
	MeterFilter llmObservationDefaultMetersOff() {
		return MeterFilter.deny(id -> id.getName().equals(GenAiObservationConvention.NAME)
				|| id.getName().equals(GenAiObservationConvention.NAME + ".active"));
	}

	/**
	 * The OkHttp client for the LLM upstream: timeouts, auth and, on OpenRouter only,
	 * attribution.
	 */
	static ShardedCalls httpClient(LlmProperties properties) {
		OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			// Each attempt's deadline (web/CallDeadlines) bounds it from connect to the
			// last body byte. Read, write and call timeouts would each cost okio an
			// AsyncTimeout in its one shared queue: 7 % of the CPU at 200 replies/s for
			// the read and write ones, 11.5 % for the call one (issue 15 profiles).
			.readTimeout(Duration.ZERO)
			.writeTimeout(Duration.ZERO)
			.callTimeout(Duration.ZERO)
			// Connection recovery only (a stale pooled connection, Spring AI gh-6318);
			// status retries are ours alone.
			.retryOnConnectionFailure(true)
			.addNetworkInterceptor(OkHttpStatusRetriesOff.INSTANCE);
		if (properties.apiKey() != null) {
			http.addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + properties.apiKey()).build()));
		}
		if (properties.provider() == LlmProvider.OPENROUTER && properties.appUrl() != null) {
			http.addInterceptor(chain -> {
				okhttp3.Request.Builder request = chain.request()
					.newBuilder()
					.header("HTTP-Referer", properties.appUrl());
				if (properties.appTitle() != null) {
					request.header("X-OpenRouter-Title", properties.appTitle());
				}
				return chain.proceed(request.build());
			});
		}
		// OkHttp keeps 5 idle connections by default: with hundreds of completions in
		// flight most calls would open a new TCP (and, in production, TLS) connection
		// (issue 8, docs/notes/8.md). Spread over several pools (ShardedCalls).
		return ShardedCalls.of(http, IDLE_CONNECTIONS, Duration.ofMinutes(5), 1024);
	}

	/**
	 * Keeps OkHttp from repeating a request on its own after a status: with connection
	 * recovery on, its follow-up logic silently re-sends after a 408 without a positive
	 * {@code Retry-After}, and after a 503 with {@code Retry-After: 0}. Both would be
	 * retries our Resilience4j policy neither counts nor bounds. OkHttp skips them when
	 * {@code Retry-After} is not a number of seconds, so the hint is rewritten as the
	 * equivalent HTTP date "now", which our parser reads as "no wait".
	 */
	enum OkHttpStatusRetriesOff implements Interceptor {

		INSTANCE;

		@Override
		public Response intercept(Chain chain) throws IOException {
			Response response = chain.proceed(chain.request());
			if (response.code() != 408 && response.code() != 503) {
				return response;
			}
			String retryAfter = response.header("Retry-After");
			if (retryAfter != null && !retryAfter.trim().matches("0+")) {
				return response;
			}
			return response.newBuilder()
				.header("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
				.build();
		}

	}

}
