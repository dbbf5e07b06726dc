package io.agentruntime.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.agentruntime.prompt.PromptBuilder;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model loop of DESIGN §6: the primary model, then {@code agent.llm.fallback-models}
 * in order, each under {@link LlmResilience}; per model one call and, when its output is
 * invalid, one repair call that shows the model its error. Downgrades a model to
 * {@code json_object} once it answers that it does not support json_schema. Every HTTP
 * call is one observation ({@link GenAiObservationConvention}). Never throws for upstream
 * faults and never outlives the request's deadline.
 */
final class ModelLoop {

	private static final Logger log = LoggerFactory.getLogger(ModelLoop.class);

	private final ChatCompletionsApi api;

	private final LlmResilience resilience;

	private final LlmProperties properties;

	private final ObservationRegistry observations;

	private final GenAiObservationConvention convention;

	/**
	 * Models that answered "json_schema unsupported"; they get {@code json_object} from
	 * then on.
	 */
	private final Set<String> jsonObjectOnly = ConcurrentHashMap.newKeySet();

	ModelLoop(ChatCompletionsApi api, LlmResilience resilience, LlmProperties properties,
			ObservationRegistry observations) {
		this.api = api;
		this.resilience = resilience;
		this.properties = properties;
		this.observations = observations;
		this.convention = new GenAiObservationConvention(properties.provider(), properties.permittedModels());
		// The primary's breaker and the observation keys now, not on the first reply: a
		// cold instance on a loaded machine otherwise spends part of its first attempt
		// timeout on class loading (and the breaker's metrics show from startup).
		resilience.circuitBreaker(properties.model());
		this.convention.getLowCardinalityKeyValues(new LlmCallContext(properties.model()));
	}

	/** See {@link LlmClient#complete}. */
	LlmResult complete(LlmRequest request) {
		long started = System.nanoTime();
		Tally tally = new Tally();
		// Fallback models are tried by us, in order, not by the upstream (DESIGN §6), so
		// that the result, the audit row and the metrics name the model that actually
		// answered.
		for (String model : modelsInOrder(request.model())) {
			if (!Instant.now().isBefore(request.deadline())) {
				break;
			}
			try {
				AgentReply reply = completeWith(model, request, tally);
				return tally.result(LlmResult.Outcome.OK, reply, model, started);
			}
			catch (InvalidOutput ex) {
				return tally.result(LlmResult.Outcome.INVALID_OUTPUT, null, null, started);
			}
			catch (LlmTransientException | LlmRejectedException ex) {
				log.warn("LLM model {} unavailable: {}", model, ex.getMessage());
			}
			catch (CallNotPermittedException ex) {
				log.warn("LLM model {} skipped: circuit breaker open", model);
			}
			catch (BulkheadFullException ex) {
				log.warn("LLM model {} skipped: too many concurrent LLM calls", model);
			}
			catch (LlmResilience.DeadlineReached ex) {
				break;
			}
		}
		return tally.result(LlmResult.Outcome.UNAVAILABLE, null, null, started);
	}

	/**
	 * One model: a call, and when its output is invalid, one repair call showing the
	 * error.
	 */
	private AgentReply completeWith(String model, LlmRequest request, Tally tally) {
		int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : this.properties.maxTokens();
		Completion first = call(model, request.messages(), maxTokens, request.deadline(), tally);
		if (first.blocked()) {
			// A refusal or a content filter will not change on a re-ask (contracts §2.2,
			// §5).
			throw new InvalidOutput();
		}
		ReplyParser.Parsed parsed = first.parse();
		if (parsed.valid()) {
			return parsed.reply();
		}
		List<ChatMessage> repair = new ArrayList<>(request.messages());
		repair.add(ChatMessage.assistant(first.echo()));
		repair.add(ChatMessage.user("Your previous answer was invalid: " + parsed.error()
				+ " Answer again with only one JSON object that matches this JSON schema: "
				+ PromptBuilder.REPLY_SCHEMA));
		ReplyParser.Parsed repaired = call(model, repair, maxTokens, request.deadline(), tally).parse();
		if (repaired.valid()) {
			return repaired.reply();
		}
		throw new InvalidOutput();
	}

	/**
	 * One resilient call, again with {@code json_object} once when the model does not
	 * support json_schema.
	 */
	private Completion call(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		try {
			return this.resilience.call(model, deadline, () -> send(model, messages, maxTokens, deadline, tally));
		}
		catch (LlmRejectedException ex) {
			if ("json_schema_unsupported".equals(ex.reason()) && this.jsonObjectOnly.add(model)) {
				log.info("LLM model {} does not support json_schema; using json_object from now on", model);
				return this.resilience.call(model, deadline, () -> send(model, messages, maxTokens, deadline, tally));
			}
			throw ex;
		}
	}

	/**
	 * One HTTP call with the attempt timeout cut to the time left, as one observation.
	 */
	private Completion send(String model, List<ChatMessage> messages, int maxTokens, Instant deadline, Tally tally) {
		Duration remaining = Duration.between(Instant.now(), deadline);
		if (remaining.isNegative() || remaining.isZero()) {
			throw new LlmResilience.DeadlineReached();
		}
		Duration timeout = (remaining.compareTo(this.properties.attemptTimeout()) < 0) ? remaining
				: this.properties.attemptTimeout();
		ChatCompletionRequest request = this.api.request(model, messages, maxTokens,
				this.jsonObjectOnly.contains(model));
		tally.attempts++;
		LlmCallContext context = new LlmCallContext(model);
		Observation observation = Observation.createNotStarted(this.convention, () -> context, this.observations)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Completion completion = this.api.complete(request, timeout, tally::add);
			context.completed(completion);
			return completion;
		}
		catch (LlmTransientException ex) {
			context.failed(ex.reason());
			observation.error(ex);
			throw ex;
		}
		catch (LlmRejectedException ex) {
			context.failed(ex.reason());
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private List<String> modelsInOrder(String requested) {
		Set<String> models = new LinkedHashSet<>();
		models.add((requested != null) ? requested : this.properties.model());
		models.addAll(this.properties.fallbackModels());
		return new ArrayList<>(models);
	}

	/** Attempts and token usage over all calls of one request. */
	private static final class Tally {

		int attempts;

		Integer promptTokens;

		Integer completionTokens;

		void add(ChatCompletionResponse.Usage usage) {
			if (usage.promptTokens() != null) {
				this.promptTokens = ((this.promptTokens != null) ? this.promptTokens : 0) + usage.promptTokens();
			}
			if (usage.completionTokens() != null) {
				this.completionTokens = ((this.completionTokens != null) ? this.completionTokens : 0)
						+ usage.completionTokens();
			}
		}

		LlmResult result(LlmResult.Outcome outcome, AgentReply reply, String model, long started) {
			return new LlmResult(outcome, reply, model, this.promptTokens, this.completionTokens, this.attempts,
					(System.nanoTime() - started) / 1_000_000);
		}

	}

	/** The output stayed invalid after the repair attempt. */
	private static final class InvalidOutput extends RuntimeException {

		InvalidOutput() {
			super(null, null, false, false);
		}

	}

}
