package io.agentruntime.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.agentruntime.support.Api;
import io.agentruntime.support.AppInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code MANAGEMENT_SERVER_PORT} (used by compose and k8s) moves health probes and
 * Prometheus to a port of their own: the API port no longer serves {@code /actuator/**}.
 */
class ManagementPortTests {

	@Test
	void servesActuatorOnTheManagementPortOnly() throws IOException {
		int management = freePort();
		try (AppInstance instance = AppInstance
			.onTestDatabase(Map.of("management.server.port", String.valueOf(management)))) {
			Api actuator = new Api(management);
			Api api = instance.api();

			assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(404);
			assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(404);
			assertThat(api.get("/api/agent/health", null).status()).as("the people's health check stays")
				.isNotEqualTo(404);

			assertThat(actuator.get("/actuator/health/liveness", null).status()).isEqualTo(200);
			assertThat(actuator.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			Api.Response metrics = actuator.get("/actuator/prometheus", null);
			assertThat(metrics.status()).isEqualTo(200);
			assertThat(metrics.body()).as("the API port's requests, counted")
				.contains("http_server_requests_seconds_count");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
