package io.agentruntime.reply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.agentruntime.agentconfig.AgentProfile;
import io.agentruntime.audit.ExchangeRecord;
import io.agentruntime.conversation.ConversationTurns;
import io.agentruntime.lead.LeadNotFound;
import io.agentruntime.llm.AgentReply;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.llm.LlmResult;
import io.agentruntime.memory.MemoryRecall;
import io.agentruntime.policy.PolicyGate;
import io.agentruntime.prompt.PromptBuilder.PastExchange;
import io.agentruntime.tenant.ConversationTokens;
import io.agentruntime.tenant.SecurityProperties;
import io.agentruntime.tenant.TenantDirectory;
import io.agentruntime.tenant.WidgetOriginDirectory;
import io.agentruntime.web.RoutePatterns;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * {@code POST /api/agent/reply} as a web slice (DESIGN §2, §3): the controller, the real
 * {@link AgentRuntimeService}, the real Spring Security configuration (HS256 JWTs), the
 * edge filters and the one problem advice, with the reply's {@link ReplyPorts} faked
 * instead of a database and upstreams. Each case asserts the status and the problem a
 * caller gets.
 */
@WebMvcTest(controllers = ReplyController.class,
		properties = "agent.security.jwt.secret=" + ReplyControllerTests.SECRET,
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.agentruntime\\.tenant\\.SecurityConfiguration"),
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.agentruntime\\.limits\\..*"))
@Import({ AgentRuntimeService.class, WidgetReplies.class, ReplyThreads.class, RoutePatterns.class,
		ReplyControllerTests.Ports.class })
@EnableConfigurationProperties({ SecurityProperties.class, LlmProperties.class, ReplyProperties.class })
class ReplyControllerTests {

	static final String SECRET = "slice-test-secret-of-at-least-32-bytes!";

	private static final UUID CLIENT = UUID.randomUUID();

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private TenantDirectory directory;

	@MockitoBean
	private WidgetOriginDirectory widgetOrigins;

	@MockitoBean
	private ConversationTokens conversationTokens;

	@BeforeEach
	void activeTenant() {
		given(this.directory.isActiveClient(any())).willReturn(true);
	}

	@Test
	void answersTheModelsReplyToACallerWithTheReplyScope() {
		MvcTestResult result = post(jwt("agent:reply"), "{\"message\":\"Is the red F-150 available?\"}");

		assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$.reply").asString().endsWith("The red F-150 is in stock.");
		assertThat(result).bodyJson().extractingPath("$.degraded").isEqualTo(false);
		assertThat(result.getResponse().getHeader("X-Request-Id")).as("the edge filters ran").isNotBlank();
	}

	@Test
	void answers401ProblemWithoutACredential() {
		MvcTestResult result = post(null, "{\"message\":\"Hi\"}");

		assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").asString().endsWith("/unauthorized");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
	}

	@Test
	void answers403ProblemForACredentialWithoutTheReplyScope() {
		MvcTestResult result = post(jwt("platform:admin"), "{\"message\":\"Hi\"}");

		assertThat(result).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").asString().endsWith("/forbidden");
	}

	@Test
	void answers400ProblemNamingTheFieldForABlankMessage() {
		MvcTestResult result = post(jwt("agent:reply"), "{\"message\":\"   \"}");

		assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").asString().endsWith("/validation");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("message");
	}

	@Test
	void answers404ProblemForAnUnknownLead() {
		MvcTestResult result = post(jwt("agent:reply"), "{\"message\":\"Hi\",\"leadId\":\"lead-unknown\"}");

		assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
	}

	@Test
	void answers202WhileStaffHaveTheConversation() {
		MvcTestResult result = post(jwt("agent:reply"), "{\"message\":\"Call me\",\"conversationId\":\"staff-conv\"}");

		assertThat(result).hasStatus(202);
		assertThat(result).bodyJson().extractingPath("$.conversationState").isEqualTo("human");
		assertThat(result).bodyJson().doesNotHavePath("$.reply");
	}

	private MvcTestResult post(String bearer, String body) {
		MockMvcTester.MockMvcRequestBuilder request = this.mvc.post()
			.uri("/api/agent/reply")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request.exchange();
	}

	private static String jwt(String scope) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("slice")
			.claim("scope", scope)
			.claim("client_id", CLIENT.toString())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
		SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return token.serialize();
	}

	/**
	 * Fakes of the reply's ports: lead {@code lead-unknown} does not exist, conversation
	 * {@code staff-conv} is held by staff, the model answers.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Ports {

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

		@Bean
		BulkheadRegistry bulkheadRegistry() {
			return BulkheadRegistry.ofDefaults();
		}

		@Bean
		ReplyPorts.AgentProfiles profiles() {
			return (clientId) -> AgentProfile.defaults();
		}

		@Bean
		ReplyPorts.Leads leads() {
			return (clientId, leadId) -> {
				if ("lead-unknown".equals(leadId)) {
					throw new LeadNotFound();
				}
				return ReplyPorts.Lead.NONE;
			};
		}

		@Bean
		ReplyPorts.Recollection recollection() {
			return (clientId, leadKey, conversationId, query) -> new MemoryRecall.Recall(List.of(), false);
		}

		@Bean
		ReplyPorts.Answers answers() {
			return (profile, request) -> new PolicyGate.Checked(new LlmResult(LlmResult.Outcome.OK,
					new AgentReply("The red F-150 is in stock.", List.of()), "openai/gpt-4o-mini", 10, 5, 1, 20),
					List.of(), false);
		}

		@Bean
		ReplyPorts.Turns turns() {
			return new ReplyPorts.Turns() {

				@Override
				public ConversationTurns.Opening opening(UUID clientId, String conversationId) {
					return new ConversationTurns.Opening("staff-conv".equals(conversationId), null);
				}

				@Override
				public List<PastExchange> recent(UUID clientId, String conversationId,
						ConversationTurns.Opening opening) {
					return List.of();
				}

				@Override
				public ConversationTurns.Recorded recordAnswered(ExchangeRecord exchange, AgentReply reply,
						ConversationTurns.Opening opening, String leadEmail) {
					return new ConversationTurns.Recorded(UUID.randomUUID(), null, null, null);
				}

				@Override
				public ConversationTurns.Recorded recordHeld(ExchangeRecord exchange) {
					return new ConversationTurns.Recorded(UUID.randomUUID(), "human", null, null);
				}

			};
		}

	}

}
