package io.agentruntime.ops;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.structured.format.console=ecs|logstash} (the JSON log format of DESIGN
 * §7): the exchange line's SLF4J key-values become JSON fields a log pipeline can index.
 */
class JsonLogFormatTests {

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void theExchangeLineBecomesOneJsonObjectWithItsKeyValuesAsFields(String format) throws Exception {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.putObject(Environment.class.getName(),
				new MockEnvironment().withProperty("spring.application.name", "agent-runtime"));
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		LoggingEvent event = new LoggingEvent(JsonLogFormatTests.class.getName(),
				context.getLogger("io.agentruntime.reply.AgentRuntimeService"), Level.INFO,
				"exchange requestId={} outcome={}", null, new Object[] { "req-1", "ok" });
		event.addKeyValuePair(new KeyValuePair("requestId", "req-1"));
		event.addKeyValuePair(new KeyValuePair("outcome", "ok"));
		event.addKeyValuePair(new KeyValuePair("promptTokens", 120));

		String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

		assertThat(line.strip()).doesNotContain("\n");
		JsonNode json = new ObjectMapper().readTree(line);
		assertThat(json.get("message").asText()).isEqualTo("exchange requestId=req-1 outcome=ok");
		assertThat(json.get("requestId").asText()).isEqualTo("req-1");
		assertThat(json.get("outcome").asText()).isEqualTo("ok");
		assertThat(json.get("promptTokens").asInt()).isEqualTo(120);
	}

}
