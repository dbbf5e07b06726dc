package io.agentruntime;

import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.agentruntime.support.Api;
import io.agentruntime.support.FakeLlm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The try-it runner starts, seeds Demo Motors and prints a curl line that gets a reply.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalRunTests {

	private static final Pattern CURL = Pattern.compile(
			"curl -s http://localhost:(\\d+)(/api/agent/reply) -H 'Authorization: Bearer ([^']+)' -H 'Content-Type: application/json' -d '([^']+)'");

	@Test
	void printsACurlLineThatReturnsASimulatedReply(CapturedOutput output) {
		Properties saved = (Properties) System.getProperties().clone();
		try (FakeLlm simulator = new FakeLlm()) {
			LocalRun.defaults(java.util.Map.of(), simulator);
			try (ConfigurableApplicationContext context = SpringApplication.from(AgentRuntimeApplication::main)
				.with(LocalRunConfiguration.class)
				.run("--server.port=0")
				.getApplicationContext()) {
				Matcher curl = CURL.matcher(output.getOut());
				assertThat(curl.find()).as("printed curl line").isTrue();

				Api.Response response = new Api(Integer.parseInt(curl.group(1))).send("POST", curl.group(2),
						curl.group(3), curl.group(4), "application/json");

				assertThat(response.status()).isEqualTo(200);
				assertThat(response.json().get("reply").asText()).contains("simulator");
				assertThat(response.json().get("usedConfigId").isNull()).isFalse();
				assertThat(response.json().get("quickReplies").size()).isBetween(1, 4);

				// The chat page gets a widget key, usable from this server's own origin
				// only (issue 14).
				Api api = new Api(Integer.parseInt(curl.group(1)));
				String pageKey = api.get("/demo/config.json", null).json().get("apiKey").asText();
				assertThat(pageKey).startsWith("apk_");
				String origin = "http://localhost:" + curl.group(1);
				Api.Response fromPage = api.raw(
						"POST", "/api/agent/reply", java.util.Map.of("Authorization", "Bearer " + pageKey,
								"Content-Type", "application/json", "Origin", origin),
						"{\"message\":\"Do you have a blue RAV4?\"}");
				assertThat(fromPage.status()).as(fromPage.body()).isEqualTo(200);
				assertThat(fromPage.json().get("conversationToken").asText()).isNotBlank();
				assertThat(api.get("/api/agent/leads/demo-lead", pageKey).status()).isEqualTo(403);
			}
		}
		finally {
			System.setProperties(saved);
		}
	}

}
