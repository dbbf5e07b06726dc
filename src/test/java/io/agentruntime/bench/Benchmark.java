package io.agentruntime.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;

/**
 * The reply-path benchmark (issue 8), started by {@code bench/run.sh}. It starts the
 * simulated upstreams in this JVM, forks the service ({@link BenchService}) into its own
 * JVM on the same classpath, and drives {@code POST /api/agent/reply} at a constant
 * arrival rate (an open model: a request is sent at its scheduled time whether or not
 * earlier ones have answered). Latency is measured from the scheduled send time, so a
 * stalled service or a late load generator shows up in the figures instead of hiding (no
 * coordinated omission). Service overhead per reply is its latency minus the time the
 * simulated upstreams held that reply's calls ({@link UpstreamClock}). Results go to
 * {@code bench-results/<timestamp>-<scenario>/}.
 */
public final class Benchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String[] MESSAGES = { "Is the red F-150 still available?",
			"Can I book a test drive on Saturday morning?", "What financing options do you have for the Bronco?",
			"Do you have any hybrid SUVs in stock?" };

	private Benchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		Path out = options.out()
			.resolve(
					LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + options.label());
		Files.createDirectories(out);
		System.out.println("Benchmark " + options.describe());
		System.out.println("Results in " + out.toAbsolutePath());

		UpstreamSimulator.tuneJdkHttpServer();
		UpstreamClock clock = new UpstreamClock();
		try (UpstreamSimulator llm = UpstreamSimulator.llm(options.llmLatencyMs(), clock);
				UpstreamSimulator memory = UpstreamSimulator.memory(options.memoryLatencyMs(), clock);
				ServiceProcess service = ServiceProcess.start(options, out, llm.baseUrl(), memory.baseUrl())) {
			System.out.println("Service ready on port " + service.port() + " (JDK "
					+ service.ready().path("javaVersion").asText() + ", virtual threads " + options.virtualThreads()
					+ ", pid " + service.ready().path("pid").asText() + ")");
			Run run = new Run(options, service, clock);
			run.drive();
			Map<String, Object> summary = run.summarize(llm, memory);
			Report.write(out, options, summary, run);
			System.out.println();
			System.out.println(Files.readString(out.resolve("summary.md")));
		}
	}

	/**
	 * What to run.
	 *
	 * @param scenario the preset the other values started from ({@code overhead},
	 * {@code inflight})
	 * @param rate arrival rate, requests per second
	 * @param llmLatencyMs simulated LLM latency
	 * @param memoryLatencyMs simulated memory search latency
	 * @param warmupSeconds warm-up at the same rate, not measured
	 * @param measureSeconds measured phase
	 * @param virtualThreads {@code spring.threads.virtual.enabled} of the service
	 * @param serviceHeap the service JVM's {@code -Xmx}
	 * @param tomcatThreads {@code server.tomcat.threads.max}, or 0 for Boot's default
	 * (200)
	 * @param jfr whether to record the measured phase with JFR in the service JVM
	 * @param serviceJava the java launcher of the service JVM
	 * @param maxInFlight the service's {@code agent.reply.max-in-flight}, or 0 for its
	 * default (2,000)
	 * @param serviceArgs more {@code --property=value} arguments for the service
	 * @param serviceJvmArgs more JVM options for the service (e.g. {@code -XX:+UseZGC})
	 * @param out the results root
	 */
	record Options(String scenario, double rate, long llmLatencyMs, long memoryLatencyMs, int warmupSeconds,
			int measureSeconds, boolean virtualThreads, String serviceHeap, int tomcatThreads, boolean jfr,
			String serviceJava, int maxInFlight, List<String> serviceArgs, List<String> serviceJvmArgs, Path out) {

		static Options parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>();
			List<String> serviceArgs = new ArrayList<>();
			List<String> serviceJvmArgs = new ArrayList<>();
			for (String arg : args) {
				if (!arg.startsWith("--")) {
					throw new IllegalArgumentException("Unknown argument " + arg + " (options are --name=value)");
				}
				String[] pair = arg.substring(2).split("=", 2);
				if (pair[0].equals("service-arg")) {
					serviceArgs.add(pair[1]);
				}
				else if (pair[0].equals("service-jvm-arg")) {
					serviceJvmArgs.add(pair[1]);
				}
				else {
					values.put(pair[0], (pair.length > 1) ? pair[1] : "true");
				}
			}
			String scenario = values.getOrDefault("scenario", "overhead");
			Map<String, String> preset = switch (scenario) {
				case "overhead" -> Map.of("rate", "300", "llm-latency-ms", "800", "memory-latency-ms", "50", "warmup-s",
						"60", "measure-s", "30", "max-in-flight", "0");
				// 667/s for 3 s is 2,000 replies in flight; the admission limit sits
				// above that (2,500), so the
				// scenario measures the heap at 2,000 rather than the limit's 503s.
				case "inflight" -> Map.of("rate", "667", "llm-latency-ms", "3000", "memory-latency-ms", "50",
						"warmup-s", "30", "measure-s", "20", "max-in-flight", "2500");
				default -> throw new IllegalArgumentException("Unknown scenario " + scenario + " (overhead, inflight)");
			};
			String java = ProcessHandle.current().info().command().orElse("java");
			Options options = new Options(scenario, Double.parseDouble(value(values, preset, "rate")),
					Long.parseLong(value(values, preset, "llm-latency-ms")),
					Long.parseLong(value(values, preset, "memory-latency-ms")),
					Integer.parseInt(value(values, preset, "warmup-s")),
					Integer.parseInt(value(values, preset, "measure-s")),
					Boolean.parseBoolean(values.getOrDefault("virtual-threads", "true")),
					values.getOrDefault("service-heap", "512m"),
					Integer.parseInt(values.getOrDefault("tomcat-threads", "0")),
					Boolean.parseBoolean(values.getOrDefault("jfr", "false")),
					values.getOrDefault("service-java", java), Integer.parseInt(value(values, preset, "max-in-flight")),
					List.copyOf(serviceArgs), List.copyOf(serviceJvmArgs),
					Path.of(values.getOrDefault("out", "bench-results")));
			values.keySet()
				.stream()
				.filter(key -> !List
					.of("scenario", "rate", "llm-latency-ms", "memory-latency-ms", "warmup-s", "measure-s",
							"virtual-threads", "service-heap", "tomcat-threads", "jfr", "service-java", "max-in-flight",
							"out")
					.contains(key))
				.findFirst()
				.ifPresent(key -> {
					throw new IllegalArgumentException("Unknown option --" + key);
				});
			return options;
		}

		private static String value(Map<String, String> values, Map<String, String> preset, String key) {
			return values.getOrDefault(key, preset.get(key));
		}

		String label() {
			return this.scenario + "-vt-" + (this.virtualThreads ? "on" : "off");
		}

		String describe() {
			return String.format(
					"scenario=%s rate=%.0f/s llm=%dms memory=%dms warmup=%ds measure=%ds virtualThreads=%s heap=%s%s%s%s",
					this.scenario, this.rate, this.llmLatencyMs, this.memoryLatencyMs, this.warmupSeconds,
					this.measureSeconds, this.virtualThreads, this.serviceHeap,
					((this.tomcatThreads > 0) ? " tomcatThreads=" + this.tomcatThreads : "")
							+ ((this.maxInFlight > 0) ? " maxInFlight=" + this.maxInFlight : ""),
					this.serviceJvmArgs.isEmpty() ? "" : " jvm=" + String.join(" ", this.serviceJvmArgs),
					this.serviceArgs.isEmpty() ? "" : " service=" + String.join(" ", this.serviceArgs));
		}

	}

	/** The forked service JVM. */
	static final class ServiceProcess implements AutoCloseable {

		private final Process process;

		private final JsonNode ready;

		private final HttpClient control = HttpClient.newHttpClient();

		private final Path jfrFile;

		private ServiceProcess(Process process, JsonNode ready, Path jfrFile) {
			this.process = process;
			this.ready = ready;
			this.jfrFile = jfrFile;
		}

		/** The Docker image's collector options (Dockerfile, JAVA_TOOL_OPTIONS). */
		private static final List<String> G1_AS_IN_THE_IMAGE = List.of("-XX:+UseG1GC", "-XX:-G1UseAdaptiveIHOP",
				"-XX:InitiatingHeapOccupancyPercent=30");

		static ServiceProcess start(Options options, Path out, String llmUrl, String memoryUrl)
				throws IOException, InterruptedException {
			Path readyFile = out.resolve("service-ready.json").toAbsolutePath();
			List<String> command = new ArrayList<>(List.of(options.serviceJava(), "-Xmx" + options.serviceHeap(),
					"--enable-native-access=ALL-UNNAMED", "-Dbench.ready-file=" + readyFile, "-cp",
					System.getProperty("java.class.path"), BenchService.class.getName(), "--server.port=0",
					"--spring.threads.virtual.enabled=" + options.virtualThreads(), "--agent.llm.provider=openrouter",
					"--agent.llm.base-url=" + llmUrl, "--agent.llm.api-key=sk-or-bench",
					"--agent.llm.attempt-timeout=15s", "--agent.reply.deadline=20s",
					"--agent.memory.provider=supermemory", "--agent.supermemory.base-url=" + memoryUrl,
					"--agent.supermemory.api-key=sm_bench_key",
					"--agent.security.jwt.secret=benchmark-secret-of-at-least-32-bytes"));
			if (options.serviceArgs().stream().noneMatch(arg -> arg.startsWith("--agent.limits."))) {
				// Per-tenant limits off (0): the benchmark measures replies, not 429s
				// (the
				// seeded client also has 0 in its own columns unless
				// -Dbench.limits=service).
				command.add("--agent.limits.requests-per-minute=0");
				command.add("--agent.limits.tokens-per-day=0");
			}
			if (options.tomcatThreads() > 0) {
				command.add("--server.tomcat.threads.max=" + options.tomcatThreads());
			}
			if (options.maxInFlight() > 0) {
				command.add("--agent.reply.max-in-flight=" + options.maxInFlight());
				// Its default equals the default admission limit; above that, calls would
				// wait for a slot and come back as llm_unavailable fallbacks.
				command.add("--agent.llm.bulkhead.max-concurrent-calls=" + options.maxInFlight());
			}
			// JVM options go before the main class: after -cp and the class name they
			// would be program arguments.
			command.addAll(command.indexOf("-cp"), options.serviceJvmArgs());
			if (options.serviceJvmArgs()
				.stream()
				.noneMatch(arg -> arg.startsWith("-Xms") || arg.startsWith("-XX:InitialHeapSize")
						|| arg.startsWith("-XX:MinHeapSize"))) {
				// The whole heap from the start, as the Docker image does
				// (InitialRAMPercentage = MaxRAMPercentage): G1 otherwise starts small
				// and collects the young generation three to four times as often.
				command.add(command.indexOf("-cp"), "-Xms" + options.serviceHeap());
			}
			if (options.serviceJvmArgs().stream().noneMatch(arg -> arg.matches("-XX:\\+Use\\w*GC"))) {
				// Unless another collector was asked for (two would stop the JVM at
				// start).
				command.addAll(command.indexOf("-cp"), G1_AS_IN_THE_IMAGE);
			}
			command.addAll(options.serviceArgs());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(out.resolve("service.log").toFile())
				.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
			while (!Files.exists(readyFile)) {
				if (!process.isAlive()) {
					throw new IllegalStateException(
							"The service exited with " + process.exitValue() + "; see " + out.resolve("service.log"));
				}
				if (System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException(
							"The service did not start in 180 s; see " + out.resolve("service.log"));
				}
				Thread.sleep(200);
			}
			return new ServiceProcess(process, JSON.readTree(Files.readString(readyFile)),
					out.resolve("service.jfr").toAbsolutePath());
		}

		/** Where the service JVM writes the JFR recording of the measured phase. */
		Path jfrFile() {
			return this.jfrFile;
		}

		JsonNode ready() {
			return this.ready;
		}

		int port() {
			return this.ready.path("port").asInt();
		}

		/** Calls the control server of the service JVM. */
		JsonNode control(String pathAndQuery) {
			try {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.ready.path("controlPort").asInt() + pathAndQuery))
					.timeout(Duration.ofSeconds(60))
					.build();
				return JSON.readTree(this.control.send(request, HttpResponse.BodyHandlers.ofString()).body());
			}
			catch (IOException ex) {
				// An overloaded or out-of-memory service may not answer: the summary says
				// its figures are missing.
				System.err.println("The service's control server did not answer " + pathAndQuery + ": " + ex);
				return null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}

		@Override
		public void close() throws InterruptedException {
			// SIGTERM: graceful shutdown, and embedded PostgreSQL removes its data
			// directory.
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			stopOrphanedDatabase();
		}

		/**
		 * A JVM killed hard leaves its embedded PostgreSQL running (pg_ctl detaches it):
		 * stop exactly that server, found by its port.
		 */
		private void stopOrphanedDatabase() {
			int port = this.ready.path("databasePort").asInt(-1);
			if (port <= 0) {
				return;
			}
			ProcessHandle.allProcesses()
				.filter(process -> process.info()
					.commandLine()
					.map(line -> line.contains("embedded-pg") && line.contains("bin/postgres ")
							&& line.contains(" -p " + port + " "))
					.orElse(false))
				.forEach(ProcessHandle::destroy);
		}

	}

	/**
	 * One load run: the schedule, what each request did, and the service's own figures.
	 */
	static final class Run {

		final Options options;

		final ServiceProcess service;

		final UpstreamClock clock;

		final int total;

		/** Send times in nanoseconds from the start. */
		final long[] schedule;

		final long[] intended;

		final long[] sent;

		final long[] done;

		final long[] upstream;

		final int[] calls;

		final int[] status;

		final boolean[] degraded;

		final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger maxInFlightMeasured = new AtomicInteger();

		/** In flight every 100 ms: {nanos since start, in flight}. */
		final List<long[]> inFlightSeries = java.util.Collections.synchronizedList(new ArrayList<>());

		long startNanos;

		long measureStartNanos;

		long measureEndNanos;

		JsonNode serviceMeasured;

		JsonNode serviceAfter;

		/** Figures taken by a full GC during the tail, with replies in flight. */
		JsonNode serviceUnderLoad;

		int inFlightAtHeapProbe;

		double loadGeneratorCpuSeconds;

		/**
		 * The machine's 1-minute load average when the measured phase started and ended.
		 */
		double loadAverageAtMeasureStart;

		double loadAverageAtMeasureEnd;

		Run(Options options, ServiceProcess service, UpstreamClock clock) {
			this.options = options;
			this.service = service;
			this.clock = clock;
			this.schedule = schedule(options);
			this.total = this.schedule.length;
			this.intended = new long[this.total];
			this.sent = new long[this.total];
			this.done = new long[this.total];
			this.upstream = new long[this.total];
			this.calls = new int[this.total];
			this.status = new int[this.total];
			this.degraded = new boolean[this.total];
		}

		/**
		 * The warm-up ramps the rate linearly from a tenth to the full rate, so a cold
		 * JVM (interpreted code, JIT compiling) is not buried under a queue it can never
		 * work off; the measured phase then runs at the constant rate.
		 */
		static long[] schedule(Options options) {
			double warmup = options.warmupSeconds();
			double end = warmup + options.measureSeconds();
			double rate = options.rate();
			List<Long> times = new ArrayList<>();
			double t = 0;
			while (t < warmup) {
				times.add((long) (t * 1e9));
				t += 1 / (rate * (0.1 + 0.9 * t / warmup));
			}
			// The tail keeps the load on, unmeasured, until every measured reply is back,
			// so the heap can be probed with a full set of replies in flight without a GC
			// pause in measured figures.
			double tail = tailSeconds(options);
			long measured = 0;
			while (warmup + measured / rate < end + tail) {
				times.add((long) ((warmup + measured / rate) * 1e9));
				measured++;
			}
			return times.stream().mapToLong(Long::longValue).toArray();
		}

		static double tailSeconds(Options options) {
			return Math.ceil((options.llmLatencyMs() + options.memoryLatencyMs()) / 1000.0) + 2;
		}

		void drive() throws InterruptedException {
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10))
				.executor(Executors.newFixedThreadPool(2, daemon("bench-client-")))
				.build();
			URI uri = URI.create("http://127.0.0.1:" + this.service.port() + "/api/agent/reply");
			String key = this.service.ready().path("apiKey").asText();
			String leadIdPrefix = this.service.ready().path("leadIdPrefix").asText();
			int leads = this.service.ready().path("leads").asInt(1);
			OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			ScheduledExecutorService side = Executors.newScheduledThreadPool(1, daemon("bench-side-"));

			this.startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
			this.measureStartNanos = this.startNanos + TimeUnit.SECONDS.toNanos(this.options.warmupSeconds());
			this.measureEndNanos = this.measureStartNanos + TimeUnit.SECONDS.toNanos(this.options.measureSeconds());
			long[] cpuAtMeasureStart = new long[1];
			java.util.concurrent.CountDownLatch measuredDone = new java.util.concurrent.CountDownLatch(1);
			side.schedule(() -> {
				cpuAtMeasureStart[0] = os.getProcessCpuTime();
				this.loadAverageAtMeasureStart = os.getSystemLoadAverage();
				this.service.control(this.options.jfr() ? "/mark?jfr=" + this.service.jfrFile() : "/mark");
			}, this.measureStartNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
			side.schedule(() -> {
				this.loadGeneratorCpuSeconds = (os.getProcessCpuTime() - cpuAtMeasureStart[0]) / 1e9;
				this.loadAverageAtMeasureEnd = os.getSystemLoadAverage();
				this.serviceMeasured = this.service.control("/stats");
				measuredDone.countDown();
			}, this.measureEndNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
			long heapProbeAt = this.measureEndNanos + (long) ((tailSeconds(this.options) - 0.5) * 1e9);
			side.schedule(() -> {
				this.inFlightAtHeapProbe = this.inFlight.get();
				this.serviceUnderLoad = this.service.control("/stats?gc=true");
			}, heapProbeAt - System.nanoTime(), TimeUnit.NANOSECONDS);
			ScheduledExecutorService sampler = Executors.newScheduledThreadPool(1, daemon("bench-sampler-"));
			sampler.scheduleAtFixedRate(
					() -> this.inFlightSeries
						.add(new long[] { System.nanoTime() - this.startNanos, this.inFlight.get() }),
					0, 100, TimeUnit.MILLISECONDS);

			System.out.printf("Warm-up %d s ramping up, then measuring %d s at %.0f requests/s ...%n",
					this.options.warmupSeconds(), this.options.measureSeconds(), this.options.rate());
			List<CompletableFuture<?>> pending = new ArrayList<>(this.total);
			for (int i = 0; i < this.total; i++) {
				long at = this.startNanos + this.schedule[i];
				long wait = at - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				int n = i;
				this.intended[n] = at;
				// Request n speaks for lead n mod leads: every lead writes every few
				// seconds.
				String body = "{\"message\":\"[bench " + n + "] " + MESSAGES[n % MESSAGES.length] + "\",\"leadId\":\""
						+ leadIdPrefix + (n % leads) + "\"}";
				HttpRequest request = HttpRequest.newBuilder(uri)
					.timeout(Duration.ofSeconds(60))
					.header("Authorization", "Bearer " + key)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build();
				int now = this.inFlight.incrementAndGet();
				if (at >= this.measureStartNanos) {
					this.maxInFlightMeasured.accumulateAndGet(now, Math::max);
				}
				this.sent[n] = System.nanoTime();
				pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
					.whenComplete((response, failure) -> complete(n, response, failure)));
			}
			System.out.println("All requests sent; waiting for the last replies ...");
			try {
				CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// Counted per request below: unanswered requests are errors.
			}
			sampler.shutdownNow();
			measuredDone.await(70, TimeUnit.SECONDS);
			side.shutdown();
			side.awaitTermination(70, TimeUnit.SECONDS);
			this.serviceAfter = this.service.control("/stats?gc=true");
		}

		private void complete(int n, HttpResponse<String> response, Throwable failure) {
			this.done[n] = System.nanoTime();
			this.inFlight.decrementAndGet();
			UpstreamClock.Held held = this.clock.take(n);
			this.upstream[n] = held.nanos();
			this.calls[n] = held.calls();
			if (failure != null) {
				this.status[n] = -1;
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				this.errors.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
				return;
			}
			this.status[n] = response.statusCode();
			if (response.statusCode() != 200) {
				this.errors.computeIfAbsent("HTTP " + response.statusCode(), k -> new LongAdder()).increment();
			}
			else {
				this.degraded[n] = response.body().contains("\"degraded\":true");
			}
		}

		boolean measured(int n) {
			return this.intended[n] >= this.measureStartNanos && this.intended[n] < this.measureEndNanos;
		}

		Map<String, Object> summarize(UpstreamSimulator llm, UpstreamSimulator memory) {
			return Summary.of(this, llm, memory);
		}

	}

	static java.util.concurrent.ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
