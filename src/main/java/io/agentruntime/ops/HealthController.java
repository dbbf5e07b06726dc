package io.agentruntime.ops;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/agent/health} (no auth): UP, DEGRADED when memory or the LLM is down
 * (the service still answers, with fallbacks), DOWN with 503 only when the database is
 * unreachable.
 */
@RestController
class HealthController {

	private final HealthProbes probes;

	HealthController(HealthProbes probes) {
		this.probes = probes;
	}

	@GetMapping("/api/agent/health")
	ResponseEntity<Health> health() {
		Map<String, HealthProbes.Check> checks = new TreeMap<>(this.probes.checks());
		String status;
		if ("DOWN".equals(checks.get("database").status())) {
			status = "DOWN";
		}
		else if (checks.values().stream().allMatch(check -> "UP".equals(check.status()))) {
			status = "UP";
		}
		else {
			status = "DEGRADED";
		}
		return ResponseEntity.status("DOWN".equals(status) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
			.body(new Health(status, checks));
	}

	/**
	 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
	 * @param checks database, memory and llm
	 */
	record Health(String status, Map<String, HealthProbes.Check> checks) {
	}

}
