package io.agentruntime.llm;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The LLM upstream's OkHttp client and the {@link LlmClient} on top of it. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	/** Idle keep-alive connections kept for the LLM upstream: about its completions in flight under load. */
	private static final int IDLE_CONNECTIONS = 1024;

	@Bean
	LlmClient llmClient(LlmProperties properties, ObjectMapper mapper) {
		OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			.readTimeout(properties.attemptTimeout())
			.writeTimeout(properties.attemptTimeout())
			.callTimeout(properties.attemptTimeout())
			// Connection recovery only (a stale pooled connection); status retries are ours alone.
			.retryOnConnectionFailure(true)
			// OkHttp keeps 5 idle connections by default: with hundreds of completions in flight most
			// calls would open a new TCP (and, in production, TLS) connection (issue 8, docs/notes/8.md).
			.connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES));
		if (properties.apiKey() != null) {
			http.addInterceptor(chain -> chain.proceed(
					chain.request().newBuilder().header("Authorization", "Bearer " + properties.apiKey()).build()));
		}
		if (properties.provider() == LlmProvider.OPENROUTER && properties.appUrl() != null) {
			http.addInterceptor(chain -> {
				okhttp3.Request.Builder request = chain.request().newBuilder().header("HTTP-Referer", properties.appUrl());
				if (properties.appTitle() != null) {
					request.header("X-OpenRouter-Title", properties.appTitle());
				}
				return chain.proceed(request.build());
			});
		}
		OkHttpClient client = http.build();
		client.dispatcher().setMaxRequests(1024);
		client.dispatcher().setMaxRequestsPerHost(1024);
		return new OpenAiCompatibleLlmClient(client, properties, mapper);
	}

}
