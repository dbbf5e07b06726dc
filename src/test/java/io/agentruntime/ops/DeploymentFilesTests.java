package io.agentruntime.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.TestAgentRuntimeApplication;
import io.agentruntime.limits.LimitsProperties;
import io.agentruntime.llm.LlmProperties;
import io.agentruntime.llm.LlmProvider;
import io.agentruntime.memory.MemoryProperties;
import io.agentruntime.reply.ReplyProperties;
import io.agentruntime.simulator.LlmSimulator;
import io.agentruntime.tenant.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files parse and agree with the application (DESIGN §8, §9): service
 * names, ports, probe paths, the scrape path, metric names in the dashboard and the
 * environment variables, which must bind to the properties the application reads and pass
 * its startup check.
 */
class DeploymentFilesTests {

	/** DESIGN §8's variables (plus Boot's own we set) and the property each binds to. */
	private static final Map<String, String> KNOWN_ENV = Map.ofEntries(
			Map.entry("SPRING_DATASOURCE_URL", "spring.datasource.url"),
			Map.entry("SPRING_DATASOURCE_USERNAME", "spring.datasource.username"),
			Map.entry("SPRING_DATASOURCE_PASSWORD", "spring.datasource.password"),
			Map.entry("AGENT_LLM_PROVIDER", "agent.llm.provider"),
			Map.entry("AGENT_LLM_BASE_URL", "agent.llm.base-url"), Map.entry("AGENT_LLM_API_KEY", "agent.llm.api-key"),
			Map.entry("AGENT_LLM_MODEL", "agent.llm.model"),
			Map.entry("AGENT_LLM_FALLBACK_MODELS", "agent.llm.fallback-models"),
			Map.entry("AGENT_LLM_ALLOWED_MODELS", "agent.llm.allowed-models"),
			Map.entry("AGENT_MEMORY_PROVIDER", "agent.memory.provider"),
			Map.entry("AGENT_SUPERMEMORY_BASE_URL", "agent.supermemory.base-url"),
			Map.entry("AGENT_SUPERMEMORY_API_KEY", "agent.supermemory.api-key"),
			Map.entry("AGENT_MEMORY_LEAD_KEY_SECRET", "agent.memory.lead-key-secret"),
			Map.entry("AGENT_SECURITY_JWT_SECRET", "agent.security.jwt.secret"),
			Map.entry("AGENT_SECURITY_JWT_JWK_SET_URI", "agent.security.jwt.jwk-set-uri"),
			Map.entry("AGENT_SECURITY_PLATFORM_ADMIN_KEY", "agent.security.platform-admin-key"),
			Map.entry("AGENT_SECURITY_CORS_ALLOWED_ORIGINS", "agent.security.cors.allowed-origins"),
			Map.entry("AGENT_LIMITS_REQUESTS_PER_MINUTE", "agent.limits.requests-per-minute"),
			Map.entry("AGENT_LIMITS_TOKENS_PER_DAY", "agent.limits.tokens-per-day"),
			Map.entry("AGENT_REPLY_DEADLINE", "agent.reply.deadline"), Map.entry("SERVER_PORT", "server.port"),
			Map.entry("MANAGEMENT_SERVER_PORT", "management.server.port"),
			Map.entry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "logging.structured.format.console"));

	private static final String PORT = "8080";

	/** Actuator's own port in compose and k8s, off the API port. */
	private static final String MANAGEMENT_PORT = "8081";

	/**
	 * The try-it LLM simulator's compose service, profile (also its Dockerfile target)
	 * and port.
	 */
	private static final String SIMULATOR_SERVICE = "llm-simulator";

	private static final String SIMULATOR_PROFILE = "simulator";

	private static final String SIMULATOR_PORT = "8000";

	private static final String LIVENESS = "/actuator/health/liveness";

	private static final String READINESS = "/actuator/health/readiness";

	private static final String METRICS = "/actuator/prometheus";

	/**
	 * Metric families the dashboard may query: DESIGN §7 names as Prometheus writes them.
	 */
	private static final Pattern KNOWN_METRIC = Pattern
		.compile("agent_reply_seconds_(count|bucket|sum)|agent_fallback_total"
				+ "|agent_ratelimit_rejected_total|agent_memory_recall_seconds_(count|bucket|sum)|agent_memory_outbox\\w*"
				+ "|gen_ai_client_\\w+|resilience4j_circuitbreaker_\\w+|up"
				// Boot's own: HTTP answers by status, the connection pool and GC pauses.
				+ "|http_server_requests_seconds_(count|bucket|sum)|hikaricp_connections\\w*|jvm_gc_pause_seconds_(count|sum|max)");

	static final Path ROOT = Path.of("").toAbsolutePath();

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsPostgresTheServicePrometheusAndGrafanaWithMatchingEnvironment() throws IOException {
		Map<String, Object> compose = yaml("docker-compose.yml");
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		assertThat(services).containsKeys("postgres", "app", "prometheus", "grafana");
		assertThat(services.get("postgres").toString()).contains("image=postgres:17");

		Map<String, Object> app = (Map<String, Object>) services.get("app");
		assertThat(app.get("build")).isEqualTo(".");
		assertThat((List<String>) app.get("ports")).containsExactly(PORT + ":" + PORT);
		Map<String, String> environment = interpolate((Map<String, Object>) app.get("environment"));
		assertThat(KNOWN_ENV.keySet()).containsAll(environment.keySet());
		assertThat(environment.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
		assertThat(environment.get("SERVER_PORT")).isEqualTo(PORT);
		assertThat(environment.get("MANAGEMENT_SERVER_PORT")).isEqualTo(MANAGEMENT_PORT);
		assertThat(((Map<String, Object>) app.get("depends_on")).toString())
			.contains("postgres={condition=service_healthy}");
		assertBindsAndPassesTheStartupCheck(environment);

		String prometheusMount = ((List<String>) ((Map<String, Object>) services.get("prometheus")).get("volumes"))
			.get(0);
		assertThat(prometheusMount).startsWith("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml");
		assertThat((List<String>) ((Map<String, Object>) services.get("prometheus")).get("volumes"))
			.contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
		List<String> grafanaMounts = (List<String>) ((Map<String, Object>) services.get("grafana")).get("volumes");
		assertThat(grafanaMounts).anyMatch(m -> m.startsWith("./deploy/grafana/provisioning:/etc/grafana/provisioning"))
			.anyMatch(m -> m.startsWith("./deploy/grafana/dashboards:/var/lib/grafana/dashboards"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusScrapesEveryAppInstanceOnTheActuatorPath() throws IOException {
		Map<String, Object> prometheus = yaml("deploy/prometheus/prometheus.yml");
		List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
		Map<String, Object> job = jobs.stream()
			.filter(j -> "agent-runtime".equals(j.get("job_name")))
			.findFirst()
			.orElseThrow();
		assertThat(job.get("metrics_path")).isEqualTo(METRICS);
		Map<String, Object> discovery = ((List<Map<String, Object>>) job.get("dns_sd_configs")).get(0);
		assertThat((List<String>) discovery.get("names")).containsExactly("app");
		assertThat(String.valueOf(discovery.get("port"))).isEqualTo(MANAGEMENT_PORT);
		assertThat(((Map<String, Object>) yaml("docker-compose.yml").get("services"))).containsKey("app");
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusLoadsAlertRulesOnKnownMetricsWithoutTenantLabels() throws IOException {
		Map<String, Object> prometheus = yaml("deploy/prometheus/prometheus.yml");
		assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
		List<Map<String, Object>> groups = (List<Map<String, Object>>) yaml("deploy/prometheus/alerts.yml")
			.get("groups");
		List<String> alerts = new ArrayList<>();
		for (Map<String, Object> group : groups) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				String expr = (String) rule.get("expr");
				alerts.add((String) rule.get("alert"));
				assertThat(metricNames(expr)).as(rule.get("alert") + " uses known metrics")
					.allMatch(metric -> KNOWN_METRIC.matcher(metric).matches());
				assertThat(expr).as("no tenant in an alert").doesNotContain("client", "tenant", "lead");
				assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "description");
			}
		}
		assertThat(alerts).contains("AgentRuntimeInstanceDown", "AgentRuntimeServerErrors", "AgentRuntimeOverloaded",
				"AgentRepliesDegraded", "AgentMemoryOutboxDead");
	}

	@Test
	@SuppressWarnings("unchecked")
	void grafanaProvisionsThePrometheusDatasourceAndADashboardOfKnownMetrics() throws IOException {
		Map<String, Object> datasource = ((List<Map<String, Object>>) yaml(
				"deploy/grafana/provisioning/datasources/prometheus.yml")
			.get("datasources")).get(0);
		assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
		Map<String, Object> provider = ((List<Map<String, Object>>) yaml(
				"deploy/grafana/provisioning/dashboards/agent-runtime.yml")
			.get("providers")).get(0);
		assertThat(((Map<String, Object>) provider.get("options")).get("path"))
			.isEqualTo("/var/lib/grafana/dashboards");

		JsonNode dashboard = new ObjectMapper()
			.readTree(ROOT.resolve("deploy/grafana/dashboards/agent-runtime.json").toFile());
		List<String> titles = new ArrayList<>();
		List<String> unknown = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			titles.add(panel.get("title").asText());
			for (JsonNode target : panel.get("targets")) {
				assertThat(target.at("/datasource/uid").asText()).isEqualTo(datasource.get("uid"));
				for (String metric : metricNames(target.get("expr").asText())) {
					if (!KNOWN_METRIC.matcher(metric).matches()) {
						unknown.add(metric);
					}
				}
			}
		}
		assertThat(unknown).isEmpty();
		assertThat(titles).contains("HTTP 4xx and 5xx by status", "Overload 503s", "LLM errors by type",
				"Database connection pool", "GC pause time");
		assertThat(titles).contains("Reply rate by outcome", "Reply latency percentiles", "Fallbacks by reason",
				"Tokens by type", "Memory outbox backlog", "Circuit breaker state");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesManifestsAgreeOnNamesLabelsPortsProbesAndEnvironment() throws IOException {
		Map<String, Map<String, Object>> byKind = new HashMap<>();
		for (String file : List.of("configmap.yaml", "secret.example.yaml", "deployment.yaml", "service.yaml",
				"hpa.yaml", "pdb.yaml")) {
			Map<String, Object> manifest = yaml("deploy/k8s/" + file);
			byKind.put((String) manifest.get("kind"), manifest);
		}
		assertThat(byKind).containsKeys("ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler",
				"PodDisruptionBudget");
		Map<String, Object> deployment = byKind.get("Deployment");
		String name = (String) ((Map<String, Object>) deployment.get("metadata")).get("name");
		Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
		Map<String, Object> template = (Map<String, Object>) spec.get("template");
		Map<String, Object> podLabels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata"))
			.get("labels");
		Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec"))
			.get("containers")).get(0);

		Map<String, Object> port = ((List<Map<String, Object>>) container.get("ports")).get(0);
		assertThat(String.valueOf(port.get("containerPort"))).isEqualTo(PORT);
		Map<String, Object> management = ((List<Map<String, Object>>) container.get("ports")).get(1);
		assertThat(String.valueOf(management.get("containerPort"))).isEqualTo(MANAGEMENT_PORT);
		assertThat(probe(container, "livenessProbe")).containsEntry("path", LIVENESS)
			.containsEntry("port", management.get("name"));
		assertThat(probe(container, "startupProbe")).containsEntry("path", LIVENESS)
			.containsEntry("port", management.get("name"));
		assertThat(probe(container, "readinessProbe")).containsEntry("path", READINESS)
			.containsEntry("port", management.get("name"));
		assertThat(((Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("annotations")))
			.containsEntry("prometheus.io/port", MANAGEMENT_PORT);
		assertThat((List<String>) yaml("deploy/k8s/kustomization.yaml").get("resources"))
			.as("the example secret (a known platform key) is not applied by default")
			.doesNotContain("secret.example.yaml")
			.contains("configmap.yaml", "deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml");
		Map<String, Object> resources = (Map<String, Object>) container.get("resources");
		assertThat(resources).containsKeys("requests", "limits");
		assertThat(((Map<String, Object>) resources.get("requests"))).containsKeys("cpu", "memory");

		Map<String, Object> service = (Map<String, Object>) byKind.get("Service").get("spec");
		assertThat(podLabels).containsAllEntriesOf((Map<String, Object>) service.get("selector"));
		assertThat(((List<Map<String, Object>>) service.get("ports")).get(0)).containsEntry("targetPort",
				port.get("name"));
		Map<String, Object> hpa = (Map<String, Object>) byKind.get("HorizontalPodAutoscaler").get("spec");
		assertThat((Map<String, Object>) hpa.get("scaleTargetRef")).containsEntry("kind", "Deployment")
			.containsEntry("name", name);
		assertThat((Integer) hpa.get("minReplicas")).isGreaterThanOrEqualTo(2);
		Map<String, Object> pdb = (Map<String, Object>) byKind.get("PodDisruptionBudget").get("spec");
		assertThat(podLabels)
			.containsAllEntriesOf((Map<String, Object>) ((Map<String, Object>) pdb.get("selector")).get("matchLabels"));

		String envFrom = container.get("envFrom").toString();
		String configMapName = (String) ((Map<String, Object>) byKind.get("ConfigMap").get("metadata")).get("name");
		String secretName = (String) ((Map<String, Object>) byKind.get("Secret").get("metadata")).get("name");
		assertThat(envFrom).contains("configMapRef={name=" + configMapName + "}",
				"secretRef={name=" + secretName + "}");
		Map<String, String> environment = new LinkedHashMap<>();
		((Map<String, Object>) byKind.get("ConfigMap").get("data"))
			.forEach((k, v) -> environment.put(k, String.valueOf(v)));
		((Map<String, Object>) byKind.get("Secret").get("stringData"))
			.forEach((k, v) -> environment.put(k, String.valueOf(v)));
		assertThat(KNOWN_ENV.keySet()).containsAll(environment.keySet());
		assertThat(environment.get("SERVER_PORT")).isEqualTo(PORT);
		assertThat(environment.get("MANAGEMENT_SERVER_PORT")).isEqualTo(MANAGEMENT_PORT);
		assertBindsAndPassesTheStartupCheck(environment);
	}

	@Test
	void dockerfileBuildsLayersAndRunsAsNonRootWithALivenessHealthCheck() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

		assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build", "./mvnw", "-Djarmode=tools",
				"extract --layers", "FROM eclipse-temurin:25-jre", "EXPOSE " + PORT,
				"http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-" + PORT + "}" + LIVENESS,
				"org.springframework.boot.loader.launch.JarLauncher");
		assertThat(dockerfile).containsPattern("(?m)^USER (?!root|0\\b)\\S+").containsPattern("(?m)^HEALTHCHECK ");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theSimulatorProfileStartsTheLlmSimulatorAndItsEnvFilePointsTheServiceAtItWithoutAKey() throws IOException {
		Map<String, Object> services = (Map<String, Object>) yaml("docker-compose.yml").get("services");
		Map<String, Object> simulator = (Map<String, Object>) services.get(SIMULATOR_SERVICE);
		assertThat((List<String>) simulator.get("profiles")).containsExactly(SIMULATOR_PROFILE);
		assertThat((Map<String, Object>) simulator.get("build")).containsEntry("context", ".")
			.containsEntry("target", SIMULATOR_PROFILE);
		assertThat((Map<String, Object>) simulator.get("environment")).containsEntry("LLM_SIMULATOR_PORT",
				SIMULATOR_PORT);
		assertThat((List<String>) simulator.get("expose")).containsExactly(SIMULATOR_PORT);
		assertThat(simulator).doesNotContainKey("ports");
		assertThat(services.keySet())
			.filteredOn(name -> ((Map<String, Object>) services.get(name)).containsKey("profiles"))
			.as("only the simulator is in a profile, so `docker compose up` is unchanged")
			.containsExactly(SIMULATOR_SERVICE);

		Map<String, String> envFile = envFile("deploy/simulator/simulator.env");
		assertThat(envFile).containsEntry("COMPOSE_PROFILES", SIMULATOR_PROFILE).doesNotContainKey("AGENT_LLM_API_KEY");
		Map<String, Object> appEnvironment = (Map<String, Object>) ((Map<String, Object>) services.get("app"))
			.get("environment");
		envFile.keySet()
			.stream()
			.filter(key -> !key.startsWith("COMPOSE_"))
			.forEach(key -> assertThat(appEnvironment.values().stream().map(String::valueOf))
				.as(key + " is read by the app service")
				.anyMatch(value -> value.startsWith("${" + key + ":-")));
		Map<String, String> environment = interpolate(appEnvironment, envFile);
		assertThat(environment.get("AGENT_LLM_API_KEY")).isEmpty();
		Binder binder = bindsAndPassesTheStartupCheck(environment);
		LlmProperties llm = binder.bindOrCreate("agent.llm", LlmProperties.class);
		assertThat(llm.baseUrl()).hasToString("http://" + SIMULATOR_SERVICE + ":" + SIMULATOR_PORT + "/v1");
		assertThat(llm.provider()).isEqualTo(LlmProvider.VLLM);
		assertThat(llm.apiKey()).isNull();
		assertThat(llm.model()).isEqualTo(LlmSimulator.MODEL);
	}

	@Test
	void theDockerfileBuildsTheSimulatorFromItsOwnPackageAndKeepsTestCodeOutOfTheAppImage() throws IOException {
		Map<String, String> stages = dockerfileStages();

		assertThat(stages.keySet()).containsExactly("build", "simulator-build", SIMULATOR_PROFILE, "app");
		for (String appStage : List.of("build", "app")) {
			assertThat(stages.get(appStage)).as(appStage)
				.doesNotContain("src/test")
				.doesNotContainPattern("(?m)^COPY (\\.|src/) ");
		}
		assertThat(stages.get("build")).contains("COPY src/main/ src/main/");
		assertThat(stages.get("app")).doesNotContain("simulator");
		assertThat(stages.get("simulator-build")).contains("COPY src/test/java/io/agentruntime/simulator/ ")
			.contains("jackson-core-", "jackson-databind-", "jackson-annotations-")
			.contains("rm -f src/io/agentruntime/simulator/*Tests.java")
			.containsPattern("javac --release 17 .*-cp 'lib/\\*'");
		assertThat(stages.get(SIMULATOR_PROFILE)).startsWith("FROM eclipse-temurin:25-jre AS simulator")
			.contains("ENV LLM_SIMULATOR_PORT=" + SIMULATOR_PORT, "EXPOSE " + SIMULATOR_PORT,
					"\"" + LlmSimulator.class.getName() + "\"]")
			.containsPattern("(?m)^USER (?!root|0\\b)\\S+")
			.doesNotContain("src/main", "/extracted/application");
	}

	/**
	 * Each stage of the Dockerfile by its name: its instructions from its FROM line to
	 * the next, without comments.
	 */
	private static Map<String, String> dockerfileStages() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		List<MatchResult> froms = Pattern.compile("(?m)^FROM \\S+(?: AS (\\S+))?$")
			.matcher(dockerfile)
			.results()
			.toList();
		Map<String, String> stages = new LinkedHashMap<>();
		for (int i = 0; i < froms.size(); i++) {
			int end = (i + 1 < froms.size()) ? froms.get(i + 1).start() : dockerfile.length();
			String instructions = dockerfile.substring(froms.get(i).start(), end).replaceAll("(?m)^#.*\\n", "");
			stages.put(String.valueOf(froms.get(i).group(1)), instructions);
		}
		return stages;
	}

	/** {@code KEY=VALUE} lines of an env file, comments and blank lines skipped. */
	private static Map<String, String> envFile(String file) throws IOException {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : Files.readAllLines(ROOT.resolve(file))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int equals = line.indexOf('=');
				variables.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
			}
		}
		return variables;
	}

	@Test
	void tryItRunsTheLocalLauncherAlthoughTheBenchmarkHasMainsToo() throws IOException {
		String pom = Files.readString(ROOT.resolve("pom.xml"));

		// Without it, spring-boot:test-run stops at "Unable to find a single main class".
		assertThat(pom).containsPattern("(?s)<id>default-cli</id>\\s*<configuration>\\s*<mainClass>"
				+ Pattern.quote(TestAgentRuntimeApplication.class.getName()) + "</mainClass>");
	}

	/**
	 * Every variable binds to the property of the same name, and the whole set starts the
	 * application.
	 */
	private static void assertBindsAndPassesTheStartupCheck(Map<String, String> variables) {
		Binder binder = bindsAndPassesTheStartupCheck(variables);
		assertThat(binder.bindOrCreate("agent.llm", LlmProperties.class).baseUrl().getHost())
			.isEqualTo("openrouter.ai");
	}

	private static Binder bindsAndPassesTheStartupCheck(Map<String, String> variables) {
		MockEnvironment environment = new MockEnvironment();
		// Named like the real one, so Boot applies its relaxed environment-variable
		// mapping.
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("deploy-systemEnvironment", new HashMap<>(variables)));
		Binder binder = Binder.get(environment);
		variables
			.forEach((variable, value) -> assertThat(binder.bind(KNOWN_ENV.get(variable), String.class).orElse(null))
				.as(variable)
				.isEqualTo(value));

		ConfigurationCheck.check(environment);
		binder.bindOrCreate("agent.security", SecurityProperties.class);
		binder.bindOrCreate("agent.memory", MemoryProperties.class);
		assertThat(binder.bindOrCreate("agent.limits", LimitsProperties.class).requestsPerMinute()).isEqualTo(60);
		assertThat(binder.bindOrCreate("agent.reply", ReplyProperties.class).deadline())
			.isEqualTo(Duration.ofSeconds(20));
		return binder;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> probe(Map<String, Object> container, String probe) {
		return (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
	}

	/**
	 * Compose's {@code ${VAR:-default}} as compose resolves it with nothing set; required
	 * ones get a sample.
	 */
	private static Map<String, String> interpolate(Map<String, Object> environment) {
		return interpolate(environment, Map.of());
	}

	/** The same with these variables set (as by the shell or an env file). */
	private static Map<String, String> interpolate(Map<String, Object> environment, Map<String, String> set) {
		Pattern variable = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");
		Map<String, String> resolved = new LinkedHashMap<>();
		environment.forEach((key, raw) -> {
			Matcher matcher = variable.matcher(String.valueOf(raw));
			StringBuilder value = new StringBuilder();
			while (matcher.find()) {
				String given = set.get(matcher.group(1));
				String replacement = (given != null && !given.isEmpty()) ? given
						: "?".equals(matcher.group(2)) ? "sample-value-for-" + matcher.group(1).toLowerCase()
								: (matcher.group(3) != null) ? matcher.group(3) : "";
				matcher.appendReplacement(value, Matcher.quoteReplacement(replacement));
			}
			matcher.appendTail(value);
			resolved.put(key, value.toString());
		});
		return resolved;
	}

	/**
	 * Metric names in a PromQL expression: identifiers followed by a selector or range,
	 * and __name__ regexes.
	 */
	static Set<String> metricNames(String expr) {
		Set<String> names = new TreeSet<>();
		// Grouping clauses name labels, not metrics.
		String withoutLabels = expr.replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "")
			.replaceAll("\\{[^}]*}", "{}")
			.replaceAll("\\[[^]]*]", "[]");
		Matcher identifier = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{|\\[|\\))").matcher(withoutLabels);
		Set<String> functions = Set.of("sum", "rate", "max", "histogram_quantile", "by", "irate", "increase", "avg",
				"min");
		while (identifier.find()) {
			if (!functions.contains(identifier.group(1))) {
				names.add(identifier.group(1));
			}
		}
		Matcher byName = Pattern.compile("__name__=~\"([^\"]+)\"").matcher(expr);
		while (byName.find()) {
			for (String alternative : byName.group(1).replaceAll("[()?]", "").split("\\|")) {
				names.add(alternative.replace("_tokens", ""));
			}
		}
		names.removeIf(n -> n.equals("le") || n.equals("gen_ai_request_model") || n.equals("name") || n.equals("state")
				|| n.equals("outcome") || n.equals("reason") || n.equals("limit") || n.equals("result")
				|| n.equals("gen_ai_token_type"));
		return names;
	}

	private static Map<String, Object> yaml(String file) throws IOException {
		try (Reader reader = Files.newBufferedReader(ROOT.resolve(file))) {
			return new Yaml().load(reader);
		}
	}

}
