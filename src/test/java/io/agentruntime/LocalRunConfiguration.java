package io.agentruntime;

import java.util.UUID;

import io.agentruntime.support.TestDatabaseConfiguration;
import io.agentruntime.tenant.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds the try-it tenant "Demo Motors" (an active config, the lead {@code demo-lead},
 * the demo API key and the demo page's widget key) and prints a ready curl line once the
 * service listens.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestDatabaseConfiguration.class)
class LocalRunConfiguration {

	static final UUID DEMO_CLIENT = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

	private static String llm(Environment environment) {
		String model = environment.getProperty("agent.llm.model", "");
		return "local/simulator".equals(model) ? "the try-it simulator, which echoes persona, memory and history"
				: environment.getProperty("agent.llm.provider", "openrouter") + " " + model + " at "
						+ environment.getProperty("agent.llm.base-url", "");
	}

	private static final Logger log = LoggerFactory.getLogger(LocalRunConfiguration.class);

	@Bean
	ApplicationListener<ApplicationReadyEvent> seedDemoMotors(JdbcClient jdbc, Environment environment) {
		return event -> {
			String key = environment.getProperty(LocalRun.SERVER_KEY_PROPERTY, LocalRun.DEMO_API_KEY);
			String widgetKey = environment.getProperty("agent.demo.api-key", LocalRun.DEMO_WIDGET_KEY);
			String port = environment.getProperty("local.server.port", "8080");
			jdbc.sql("insert into clients (id, name) values (?, 'Demo Motors') on conflict do nothing")
				.param(DEMO_CLIENT)
				.update();
			jdbc.sql(
					"""
							insert into ai_agent_config (id, client_id, name, personality, tonality, response_style, dos_list,
							    donts_list, industry, is_active)
							select ?, ?, 'Max', 'friendly, knowledgeable and patient car enthusiast', 'warm', 'concise and helpful',
							    cast(? as jsonb), cast(? as jsonb), 'automotive', true
							where not exists (select 1 from ai_agent_config where client_id = ? and is_active)
							""")
				.params(UUID.randomUUID(), DEMO_CLIENT,
						"[\"Offer a test drive when a lead shows interest in a vehicle\",\"Mention that Demo Motors is open Saturdays 9-5\"]",
						"[\"Quote prices or discounts\",\"Talk about other dealerships\"]", DEMO_CLIENT)
				.update();
			jdbc.sql(
					"""
							insert into leads (id, client_id, lead_id, email, name) values (?, ?, 'demo-lead', 'demo@example.com', 'Demo Lead')
							on conflict do nothing
							""")
				.params(UUID.randomUUID(), DEMO_CLIENT)
				.update();
			jdbc.sql("""
					insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes)
					values (?, ?, 'demo', ?, ?, cast(? as jsonb)) on conflict do nothing
					""")
				.params(UUID.randomUUID(), DEMO_CLIENT, ApiKeys.hash(key), ApiKeys.displayPrefix(key),
						"[\"agent:reply\",\"agent:admin\"]")
				.update();
			// The demo page's widget key, allowed from this server's own origin (DESIGN
			// §2).
			jdbc.sql("""
					insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes, allowed_origins)
					values (?, ?, 'demo widget', ?, ?, '["agent:widget"]', cast(? as jsonb))
					on conflict (key_hash) do update set allowed_origins = excluded.allowed_origins
					""")
				.params(UUID.randomUUID(), DEMO_CLIENT, ApiKeys.hash(widgetKey), ApiKeys.displayPrefix(widgetKey),
						"[\"http://localhost:" + port + "\",\"http://127.0.0.1:" + port + "\"]")
				.update();
			// Only try-it's own well-known keys are printed, never one from the
			// environment.
			String platformKey = LocalRun.PLATFORM_KEY
				.equals(environment.getProperty("agent.security.platform-admin-key")) ? LocalRun.PLATFORM_KEY
						: "$AGENT_SECURITY_PLATFORM_ADMIN_KEY";
			String shownKey = LocalRun.DEMO_API_KEY.equals(key) ? key : "$AGENT_DEMO_API_KEY";
			log.info(
					"""
							Demo Motors is ready (LLM: {}). The README tour's variables:

							BASE=http://localhost:{}
							KEY={}
							PLATFORM_KEY={}

							curl -s http://localhost:{}/api/agent/reply -H 'Authorization: Bearer {}' \
							-H 'Content-Type: application/json' -d '{"message":"Is the red F-150 still available?","leadId":"demo-lead"}'

							Chat page: http://localhost:{}/demo/   API docs: http://localhost:{}/swagger-ui.html
							""",
					llm(environment), port, shownKey, platformKey, port, shownKey, port, port);
		};
	}

}
