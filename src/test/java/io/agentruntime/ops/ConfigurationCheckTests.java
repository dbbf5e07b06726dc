package io.agentruntime.ops;

import java.util.Map;

import io.agentruntime.AgentRuntimeApplication;
import io.agentruntime.limits.LimitsProperties;
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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Startup fails fast with a one-line reason for each invalid combination of DESIGN §8.
 * The check runs on the environment alone, so these cases need no Spring context; one
 * real start shows the reason as Boot prints it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationCheckTests {

	private static final String SECRET = "a-valid-shared-secret-of-32-bytes!!";

	@Test
	void acceptsAMinimalValidConfiguration() {
		assertThatCode(() -> ConfigurationCheck.check(valid())).doesNotThrowAnyException();
	}

	@Test
	void acceptsAPlatformKeyAsTheOnlyCredentialSource() {
		MockEnvironment environment = new MockEnvironment().withProperty("agent.security.platform-admin-key",
				"platform_key_long_enough");
		assertThatCode(() -> ConfigurationCheck.check(environment)).doesNotThrowAnyException();
	}

	@ParameterizedTest(name = "{0}={1} -> {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					agent.memory.provider             | supermemory           | agent.memory.provider=supermemory needs agent.supermemory.api-key (AGENT_SUPERMEMORY_API_KEY)
					agent.security.jwt.secret         | too-short             | agent.security.jwt.secret must have at least 32 bytes
					agent.security.jwt.jwk-set-uri    | https://idp/jwks.json | set only one of agent.security.jwt.secret and agent.security.jwt.jwk-set-uri
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
	void refusesAnInvalidCombinationWithOneLine(String property, String value, String reason) {
		MockEnvironment environment = valid().withProperty(property, value);

		assertThatThrownBy(() -> ConfigurationCheck.check(environment))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessage(reason)
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n").doesNotContain(SECRET));
	}

	@Test
	void refusesToStartWithoutAnyCredentialSource() {
		assertThatThrownBy(() -> ConfigurationCheck.check(new MockEnvironment()))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("no credential source: set agent.security.jwt.secret");
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

	private static MockEnvironment valid() {
		return new MockEnvironment().withProperty("agent.security.jwt.secret", SECRET);
	}

}
