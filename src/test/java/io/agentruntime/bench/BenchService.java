package io.agentruntime.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentruntime.AgentRuntimeApplication;
import io.agentruntime.support.TestDatabase;
import io.agentruntime.support.TestDatabaseConfiguration;
import io.agentruntime.tenant.ApiKeys;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service side of the benchmark, run in its own JVM by {@link Benchmark}: the
 * application as {@code spring-boot:test-run} starts it (embedded PostgreSQL through
 * {@link TestDatabaseConfiguration}), one seeded dealership, and a small control server
 * on loopback that reports this JVM's CPU time, CPU load, heap after GC and threads. When
 * ready it writes one JSON line (ports, API key) to the file named by
 * {@code -Dbench.ready-file}.
 */
public final class BenchService {

	private static final ObjectMapper JSON = new ObjectMapper();

	private BenchService() {
	}

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = SpringApplication.from(AgentRuntimeApplication::main)
			.with(TestDatabaseConfiguration.class)
			.run(args)
			.getApplicationContext();
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		String synchronousCommit = System.getProperty("bench.synchronous-commit");
		if (synchronousCommit != null) {
			// Diagnosis only: how much of the tail is the audit commit's WAL flush on
			// this disk.
			jdbc.sql("alter system set synchronous_commit = '" + ("off".equals(synchronousCommit) ? "off" : "on") + "'")
				.update();
			jdbc.sql("select pg_reload_conf()").query().singleValue();
		}
		Map<String, Object> seeded = seed(jdbc);
		Probe probe = new Probe();
		HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		control.createContext("/mark", exchange -> {
			probe.mark();
			String query = String.valueOf(exchange.getRequestURI().getQuery());
			if (query.startsWith("jfr=")) {
				probe.startRecording(Path.of(query.substring(4)));
			}
			send(exchange, Map.of("marked", true));
		});
		control.createContext("/stats", exchange -> {
			boolean gc = String.valueOf(exchange.getRequestURI().getQuery()).contains("gc=true");
			probe.stopRecording();
			Map<String, Object> stats = probe.stats(gc);
			// The memory outbox (rows per status): whether background delivery keeps up
			// with the replies.
			Map<String, Long> outbox = new LinkedHashMap<>();
			jdbc.sql("select status, count(*) from memory_outbox group by status order by status")
				.query((rs, n) -> outbox.put(rs.getString(1), rs.getLong(2)))
				.list();
			stats.put("memoryOutboxRows", outbox);
			send(exchange, stats);
		});
		control.start();
		Map<String, Object> ready = new LinkedHashMap<>(seeded);
		ready.put("port", Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
		ready.put("controlPort", control.getAddress().getPort());
		ready.put("pid", ProcessHandle.current().pid());
		ready.put("databasePort",
				(TestDatabase.get().embedded() != null) ? TestDatabase.get().embedded().getPort() : -1);
		ready.put("javaVersion", System.getProperty("java.version"));
		ready.put("virtualThreads", context.getEnvironment().getProperty("spring.threads.virtual.enabled"));
		Path file = Path.of(System.getProperty("bench.ready-file", "bench-ready.json"));
		Path partial = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(partial, JSON.writeValueAsString(ready));
		Files.move(partial, file);
	}

	/**
	 * One dealership with an active config, {@code bench.leads} leads (so both recall
	 * scopes are searched) and a reply key.
	 */
	private static Map<String, Object> seed(JdbcClient jdbc) {
		UUID clientId = UUID.randomUUID();
		// Per-tenant limits off (0 = unlimited): the benchmark measures replies, not
		// 429s. With -Dbench.limits=service the client has no overrides, so the service's
		// agent.limits.* apply (set them high to measure what the limit checks cost).
		boolean serviceLimits = "service".equals(System.getProperty("bench.limits"));
		jdbc.sql("insert into clients (id, name, requests_per_minute, tokens_per_day) values (?, ?, ?, ?)")
			.params(clientId, "Benchmark Motors", serviceLimits ? null : 0, serviceLimits ? null : 0L)
			.update();
		String key = ApiKeys.generate();
		jdbc.sql(
				"insert into api_keys (id, client_id, name, key_hash, key_prefix, scopes) values (?, ?, ?, ?, ?, cast(? as jsonb))")
			.params(UUID.randomUUID(), clientId, "benchmark", ApiKeys.hash(key), ApiKeys.displayPrefix(key),
					"[\"agent:reply\"]")
			.update();
		jdbc.sql(
				"""
						insert into ai_agent_config (id, client_id, name, personality, tonality, response_style, dos_list, donts_list,
						    fallback_reply, is_active)
						values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, true)
						""")
			.params(UUID.randomUUID(), clientId, "Benchmark Assistant", "friendly and precise", "professional",
					"helpful", "[\"Offer a test drive\"]", "[\"Quote prices\"]",
					"Thanks! Our team will follow up shortly.")
			.update();
		// Many leads, each writing now and then, as a dealership's traffic looks: one
		// lead taking every reply would make its row a lock hot spot (the audit write
		// share-locks the lead row) that real traffic never has.
		int leads = Integer.getInteger("bench.leads", 1000);
		jdbc.sql(
				"""
						insert into leads (id, client_id, lead_id, email, name)
						select gen_random_uuid(), ?, 'bench-lead-' || g, 'bench.lead.' || g || '@example.com', 'Bench Lead ' || g
						from generate_series(0, ? - 1) g
						""")
			.params(clientId, leads)
			.update();
		return Map.of("clientId", clientId.toString(), "apiKey", key, "leadIdPrefix", "bench-lead-", "leads", leads);
	}

	private static void send(HttpExchange exchange, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * This JVM's figures between {@link #mark()} and {@link #stats(boolean)}: CPU time
	 * and the sampled CPU load, the largest heap left after any collection (the live set
	 * under load, from GC notifications), collections, and threads.
	 */
	static final class Probe {

		private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

		private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "bench-probe");
			thread.setDaemon(true);
			return thread;
		});

		private final AtomicLong maxHeapAfterGc = new AtomicLong();

		private final DoubleAdder processLoad = new DoubleAdder();

		private final DoubleAdder machineLoad = new DoubleAdder();

		private final LongAdder samples = new LongAdder();

		private volatile long markedNanos = System.nanoTime();

		private Recording recording;

		private volatile long markedCpuNanos;

		private volatile long markedGcCount;

		private volatile long markedGcMillis;

		Probe() {
			for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
				((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
					if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
						.equals(notification.getType())) {
						GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
							.from((CompositeData) notification.getUserData());
						long used = heapUsed(info.getGcInfo().getMemoryUsageAfterGc());
						this.maxHeapAfterGc.accumulateAndGet(used, Math::max);
					}
				}, null, null);
			}
			this.os.getProcessCpuLoad();
			this.sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
			mark();
		}

		private void sample() {
			double process = this.os.getProcessCpuLoad();
			double machine = this.os.getCpuLoad();
			if (process >= 0 && machine >= 0) {
				this.processLoad.add(process);
				this.machineLoad.add(machine);
				this.samples.increment();
			}
		}

		synchronized void mark() {
			this.markedNanos = System.nanoTime();
			this.markedCpuNanos = this.os.getProcessCpuTime();
			this.markedGcCount = gcCount();
			this.markedGcMillis = gcMillis();
			this.maxHeapAfterGc.set(0);
			this.processLoad.reset();
			this.machineLoad.reset();
			this.samples.reset();
			ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
			this.threads.resetPeakThreadCount();
		}

		/**
		 * Starts a JFR recording ({@code profile} settings, CPU-time samples where the
		 * JDK has them).
		 */
		synchronized void startRecording(Path file) {
			try {
				Recording started = new Recording(Configuration.getConfiguration("profile"));
				started.enable("jdk.CPUTimeSample");
				started.setDestination(file);
				started.start();
				this.recording = started;
			}
			catch (IOException | java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Stops the recording, if any, which writes it to its file. */
		synchronized void stopRecording() {
			if (this.recording != null) {
				this.recording.stop();
				this.recording.close();
				this.recording = null;
			}
		}

		synchronized Map<String, Object> stats(boolean collect) {
			long wallNanos = System.nanoTime() - this.markedNanos;
			long cpuNanos = this.os.getProcessCpuTime() - this.markedCpuNanos;
			long samples = Math.max(this.samples.sum(), 1);
			Map<String, Object> stats = new LinkedHashMap<>();
			stats.put("wallSeconds", wallNanos / 1e9);
			stats.put("cpuSeconds", cpuNanos / 1e9);
			stats.put("availableProcessors", Runtime.getRuntime().availableProcessors());
			stats.put("processCpuLoadAvg", this.processLoad.sum() / samples);
			stats.put("machineCpuLoadAvg", this.machineLoad.sum() / samples);
			stats.put("cpuLoadSamples", this.samples.sum());
			stats.put("gcCount", gcCount() - this.markedGcCount);
			stats.put("gcMillis", gcMillis() - this.markedGcMillis);
			stats.put("maxHeapAfterGcBytes", this.maxHeapAfterGc.get());
			long peak = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				if (pool.getType() == MemoryType.HEAP) {
					peak += pool.getPeakUsage().getUsed();
				}
			}
			stats.put("heapPeakUsedBytes", peak);
			stats.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
			stats.put("liveThreads", this.threads.getThreadCount());
			stats.put("peakThreads", this.threads.getPeakThreadCount());
			if (collect) {
				System.gc();
				System.gc();
				stats.put("heapAfterFullGcBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
				stats.put("classHistogram", classHistogram(40));
			}
			return stats;
		}

		/** The top of {@code GC.class_histogram}: what the live heap is made of. */
		private static String classHistogram(int lines) {
			try {
				Object histogram = ManagementFactory.getPlatformMBeanServer()
					.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
							"gcClassHistogram", new Object[] { null }, new String[] { String[].class.getName() });
				return String.join("\n", ((String) histogram).lines().limit(lines).toList());
			}
			catch (javax.management.JMException ex) {
				return "unavailable: " + ex;
			}
		}

		private static long heapUsed(Map<String, MemoryUsage> pools) {
			long used = 0;
			for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
				MemoryUsage usage = pools.get(pool.getName());
				if (pool.getType() == MemoryType.HEAP && usage != null) {
					used += usage.getUsed();
				}
			}
			return used;
		}

		private static long gcCount() {
			return ManagementFactory.getGarbageCollectorMXBeans()
				.stream()
				.mapToLong(GarbageCollectorMXBean::getCollectionCount)
				.filter(count -> count > 0)
				.sum();
		}

		private static long gcMillis() {
			return ManagementFactory.getGarbageCollectorMXBeans()
				.stream()
				.mapToLong(GarbageCollectorMXBean::getCollectionTime)
				.filter(time -> time > 0)
				.sum();
		}

	}

}
