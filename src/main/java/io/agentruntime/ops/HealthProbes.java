package io.agentruntime.ops;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.agentruntime.llm.LlmClient;
import io.agentruntime.memory.MemoryClient;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Probes the database, memory and the LLM on a schedule, off the request path, and keeps
 * the last result of each (DESIGN §3 Ops): frequent health checks never hammer an
 * upstream or spend tokens. The LLM probe is a models list, never a completion.
 */
@Component
class HealthProbes {

	private final JdbcTemplate jdbc;

	private final MemoryClient memory;

	private final LlmClient llm;

	private final AtomicReference<Check> database = new AtomicReference<>(Check.pending());

	private final AtomicReference<Check> memoryCheck = new AtomicReference<>(Check.pending());

	private final AtomicReference<Check> llmCheck = new AtomicReference<>(Check.pending());

	HealthProbes(JdbcTemplate jdbc, MemoryClient memory, LlmClient llm) {
		this.jdbc = jdbc;
		this.memory = memory;
		this.llm = llm;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${agent.health.database-interval:2s}")
	void probeDatabase() {
		this.database.set(timed(() -> {
			Integer one = this.jdbc.queryForObject("select 1", Integer.class);
			return one != null && one == 1;
		}, "reachable", "unreachable"));
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${agent.health.upstream-interval:15s}")
	void probeUpstreams() {
		this.memoryCheck.set(this.memory.disabled() ? new Check("UP", 0, "disabled")
				: timed(this.memory::probe, "reachable", "unreachable"));
		this.llmCheck.set(timed(this.llm::probe, "reachable", "unreachable"));
	}

	Map<String, Check> checks() {
		return Map.of("database", this.database.get(), "memory", this.memoryCheck.get(), "llm", this.llmCheck.get());
	}

	private static Check timed(BooleanSupplier probe, String up, String down) {
		long started = System.nanoTime();
		boolean ok;
		try {
			ok = probe.getAsBoolean();
		}
		catch (RuntimeException ex) {
			ok = false;
		}
		long latencyMs = (System.nanoTime() - started) / 1_000_000;
		return ok ? new Check("UP", latencyMs, up) : new Check("DOWN", latencyMs, down);
	}

	/**
	 * One check's last result.
	 *
	 * @param status {@code UP}, {@code DOWN} or {@code UNKNOWN} before the first probe
	 * @param latencyMs how long the probe took
	 * @param detail a short, secret-free word
	 */
	record Check(String status, long latencyMs, String detail) {

		static Check pending() {
			return new Check("UNKNOWN", 0, "not probed yet");
		}

	}

}
