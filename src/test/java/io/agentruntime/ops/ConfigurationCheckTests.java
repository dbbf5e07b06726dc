package io.agentruntime.ops;

import java.util.Map;

import io.agentruntime.AgentRuntimeApplication;
import io.agentruntime.audit.AuditProperties;
import io.agentruntime.limits.LimitsProperties;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.memory.SupermemoryProperties;
import io.agentruntime.reply.ReplyProperties;
import io.agentruntime.tenant.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Startup fails fast with a one-line reason for each invalid setting of DESIGN §8:
 * combinations across groups from {@link ConfigurationCheck}, a group's own rules from
 * its property record as Spring binds it, both printed by
 * {@link InvalidConfigurationFailureAnalyzer}. These cases need no Spring context; one
 * real start shows the reason as Boot prints it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationCheckTests {

	private static final String SECRET = "a-valid-shared-secret-of-32-bytes!!";

	/** Each property group and the record that checks its own values when bound. */
	private static final Map<String, Class<?>> RECORDS = Map.of("agent.security", SecurityProperties.class, "agent.llm",
			LlmProperties.class, "agent.memory", MemoryProperties.class, "agent.supermemory",
			SupermemoryProperties.class, "agent.reply", ReplyProperties.class, "agent.limits", LimitsProperties.class,
			"agent.audit", AuditProperties.class);

	@Test
	void acceptsAMinimalValidConfiguration() {
		assertThat(startupFailure(valid())).isNull();
	}

	@Test
	void acceptsAPlatformKeyAsTheOnlyCredentialSource() {
		MockEnvironment environment = new MockEnvironment().withProperty("agent.security.platform-admin-key",
				"platform_key_long_enough");
		assertThat(startupFailure(environment)).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY) | supermemory |
					agent.supermemory.base-url must be an absolute http(s) URL with a host                       |             | ftp://example.com
					""")
	void refusesSupermemoryWithoutAKeyOrAUsableUrl(String reason, String provider, String baseUrl) {
		MockEnvironment environment = valid();
		if (provider != null) {
			environment.setProperty("agent.memory.provider", provider);
		}
		if (baseUrl != null) {
			environment.setProperty("agent.supermemory.api-key", "sm_key_for_the_check");
			environment.setProperty("agent.supermemory.base-url", baseUrl);
		}

		assertThatThrownBy(() -> ConfigurationCheck.check(environment))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessage(reason);
	}

	@ParameterizedTest(name = "{0}={1} -> {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					agent.security.jwt.secret         | too-short             | agent.security.jwt.secret must have at least 32 bytes
					agent.security.jwt.jwk-set-uri    | https://idp/jwks.json | set only one of agent.security.jwt.secret and agent.security.jwt.jwk-set-uri
					agent.memory.recall-timeout       | 0s                    | agent.memory.recall-timeout must be positive
					agent.security.jwt.max-lifetime   | 0s                    | agent.security.jwt.max-lifetime must be positive
					agent.llm.base-url                | openrouter.ai/api/v1  | agent.llm.base-url must be an absolute http(s) URL with a host
					agent.llm.base-url                | ftp://example.com/v1  | agent.llm.base-url must be an absolute http(s) URL with a host
					agent.llm.provider                | chatgpt               | agent.llm.provider has an invalid value
					agent.llm.model                   | ' '                   | agent.llm.model must not be blank (AGENT_LLM_MODEL)
					agent.limits.requests-per-minute  | -1                    | agent.limits.requests-per-minute must not be negative
					agent.limits.tokens-per-day       | -5                    | agent.limits.tokens-per-day must not be negative
					agent.limits.tokens-per-day       | lots                  | agent.limits.tokens-per-day has an invalid value
					agent.reply.deadline              | 500ms                 | agent.reply.deadline must be at least 1s
					agent.audit.retention             | 12h                   | agent.audit.retention must be at least 1d
					agent.security.platform-admin-key | short                 | agent.security.platform-admin-key must have at least 16 characters
					""")
	void refusesAnInvalidSettingWithOneLine(String property, String value, String reason) {
		MockEnvironment environment = valid().withProperty(property, value);

		assertThat(startupFailure(environment)).isEqualTo(reason).doesNotContain("\n").doesNotContain(SECRET);
	}

	@Test
	void refusesToStartWithoutAnyCredentialSource() {
		assertThat(startupFailure(new MockEnvironment()))
			.startsWith("no credential source: set agent.security.jwt.secret");
	}

	@Test
	void aRealStartFailsBeforeTouchingTheDatabaseAndPrintsTheReasonOnOneLine(CapturedOutput output) {
		SpringApplication application = new SpringApplication(AgentRuntimeApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));

		// No database is reachable at this URL: the check must fail first.
		assertThatThrownBy(() -> application.run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
				"--agent.security.jwt.secret=" + SECRET, "--agent.memory.provider=supermemory"))
			.isInstanceOf(InvalidConfigurationException.class);

		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains(
					"Description:\n\nagent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)\n\nAction:")
			.doesNotContain(SECRET);
	}

	@Test
	void aPropertyRecordsOwnCheckFiredWhileBindingIsAlsoReportedOnOneLine() {
		MockEnvironment environment = new MockEnvironment().withProperty("agent.limits.requests-per-minute", "-3");
		BindException failure = catchThrowableOfType(BindException.class,
				() -> Binder.get(environment).bind("agent.limits", LimitsProperties.class));

		FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);

		assertThat(analysis.getDescription()).isEqualTo("agent.limits.requests-per-minute must not be negative");
	}

	/**
	 * What startup reports for this environment: the cross-group check first (it runs
	 * before any bean), then each record as Spring binds it; {@code null} when it starts.
	 */
	private static String startupFailure(MockEnvironment environment) {
		InvalidConfigurationFailureAnalyzer analyzer = new InvalidConfigurationFailureAnalyzer();
		try {
			ConfigurationCheck.check(environment);
			RECORDS.forEach((prefix, type) -> Binder.get(environment).bindOrCreate(prefix, type));
			return null;
		}
		catch (InvalidConfigurationException | BindException ex) {
			return analyzer.analyze(ex).getDescription();
		}
	}

	private static MockEnvironment valid() {
		return new MockEnvironment().withProperty("agent.security.jwt.secret", SECRET);
	}

}
