package io.agentruntime.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

/** The figures of one run, as an ordered map that becomes {@code summary.json}. */
final class Summary {

	/** Microsecond histograms up to ten minutes, three significant digits. */
	static final long HIGHEST_MICROS = 600_000_000L;

	private static final ObjectMapper JSON = new ObjectMapper();

	private Summary() {
	}

	static Histogram histogram() {
		return new Histogram(HIGHEST_MICROS, 3);
	}

	static Map<String, Object> of(Benchmark.Run run, UpstreamSimulator llm, UpstreamSimulator memory) {
		Benchmark.Options options = run.options;
		Histogram latency = histogram();
		Histogram overhead = histogram();
		Histogram overheadFromSend = histogram();
		Histogram upstream = histogram();
		Histogram sendLag = histogram();
		long scheduled = 0;
		long ok = 0;
		long degraded = 0;
		long unanswered = 0;
		long upstreamCalls = 0;
		Map<String, Long> errors = new TreeMap<>();
		for (int n = 0; n < run.total; n++) {
			if (!run.measured(n)) {
				continue;
			}
			scheduled++;
			if (run.status[n] == 0) {
				unanswered++;
				errors.merge("no answer", 1L, Long::sum);
				continue;
			}
			if (run.status[n] != 200) {
				errors.merge((run.status[n] < 0) ? "exception" : "HTTP " + run.status[n], 1L, Long::sum);
				continue;
			}
			ok++;
			if (run.degraded[n]) {
				degraded++;
			}
			long latencyNanos = run.done[n] - run.intended[n];
			latency.recordValue(micros(latencyNanos));
			overhead.recordValue(micros(latencyNanos - run.upstream[n]));
			overheadFromSend.recordValue(micros(run.done[n] - run.sent[n] - run.upstream[n]));
			upstream.recordValue(micros(run.upstream[n]));
			sendLag.recordValue(micros(run.sent[n] - run.intended[n]));
			upstreamCalls += run.calls[n];
		}
		double seconds = options.measureSeconds();
		long errorCount = scheduled - ok;

		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("scenario", options.scenario());
		summary.put("jdk", run.service.ready().path("javaVersion").asText());
		summary.put("virtualThreads", options.virtualThreads());
		summary.put("tomcatThreadsMax", (options.tomcatThreads() > 0) ? options.tomcatThreads() : "default (200)");
		summary.put("serviceHeapMax", options.serviceHeap());
		summary.put("serviceJvmArgs", options.serviceJvmArgs());
		summary.put("serviceArgs", options.serviceArgs());
		summary.put("options", options.describe());
		summary.put("targetRatePerSecond", options.rate());
		summary.put("llmLatencyMs", options.llmLatencyMs());
		summary.put("memoryLatencyMs", options.memoryLatencyMs());
		summary.put("warmupSeconds", options.warmupSeconds());
		summary.put("measureSeconds", options.measureSeconds());
		summary.put("scheduled", scheduled);
		summary.put("ok", ok);
		summary.put("errors", errorCount);
		summary.put("errorsByKind", errors);
		// Whole run, warm-up included, with the exception class of client-side failures.
		Map<String, Long> all = new TreeMap<>();
		run.errors.forEach((kind, count) -> all.put(kind, count.sum()));
		summary.put("errorsByKindWholeRun", all);
		summary.put("unanswered", unanswered);
		summary.put("degraded", degraded);
		summary.put("achievedRatePerSecond", round(ok / seconds));
		summary.put("maxRepliesInFlight", run.maxInFlightMeasured.get());
		summary.put("simulatedLlmMaxCallsInFlight", llm.maxInFlight());
		summary.put("simulatedMemoryMaxCallsInFlight", memory.maxInFlight());
		// Whole run: a number near the request count means the service reconnects per
		// call.
		summary.put("connectionsOpenedToLlm", llm.connections());
		summary.put("connectionsOpenedToMemory", memory.connections());
		summary.put("upstreamCallsPerReply", (ok > 0) ? round((double) upstreamCalls / ok) : 0);
		summary.put("overheadMs", percentiles(overhead));
		summary.put("latencyMs", percentiles(latency));
		summary.put("upstreamMs", percentiles(upstream));
		summary.put("overheadFromActualSendMs", percentiles(overheadFromSend));
		summary.put("loadGeneratorSendLagMs", percentiles(sendLag));
		Map<String, Object> service = service(run.serviceMeasured, run.serviceAfter, ok);
		if (run.serviceUnderLoad != null) {
			service.put("heapAfterFullGcUnderLoadMiB", mib(run.serviceUnderLoad.path("heapAfterFullGcBytes").asLong()));
			service.put("inFlightAtHeapProbe", run.inFlightAtHeapProbe);
		}
		summary.put("service", service);
		summary.put("loadGeneratorCpuSeconds", round(run.loadGeneratorCpuSeconds));
		summary.put("machineLoadAverage1mAtMeasureStart", round(run.loadAverageAtMeasureStart));
		summary.put("machineLoadAverage1mAtMeasureEnd", round(run.loadAverageAtMeasureEnd));
		return summary;
	}

	private static Map<String, Object> service(JsonNode measured, JsonNode after, long ok) {
		Map<String, Object> service = new LinkedHashMap<>();
		if (measured == null || after == null) {
			service.put("missing", "the service's control server did not answer");
			return service;
		}
		double cpuSeconds = measured.path("cpuSeconds").asDouble();
		double wall = measured.path("wallSeconds").asDouble();
		service.put("cpuSeconds", round(cpuSeconds));
		service.put("cpuCoresUsedAvg", round(cpuSeconds / wall));
		service.put("processCpuLoadAvgPercent", round(100 * measured.path("processCpuLoadAvg").asDouble()));
		service.put("machineCpuLoadAvgPercent", round(100 * measured.path("machineCpuLoadAvg").asDouble()));
		service.put("cpuMsPerReply", (ok > 0) ? round(1000 * cpuSeconds / ok) : 0);
		service.put("availableProcessors", measured.path("availableProcessors").asInt());
		service.put("gcCount", measured.path("gcCount").asLong());
		service.put("gcMillis", measured.path("gcMillis").asLong());
		service.put("maxHeapAfterAnyGcMiB", mib(measured.path("maxHeapAfterGcBytes").asLong()));
		service.put("heapPeakUsedMiB", mib(measured.path("heapPeakUsedBytes").asLong()));
		service.put("heapAfterFullGcAtEndMiB", mib(after.path("heapAfterFullGcBytes").asLong()));
		service.put("heapMaxMiB", mib(measured.path("heapMaxBytes").asLong()));
		service.put("peakThreads", measured.path("peakThreads").asInt());
		service.put("memoryOutboxRowsAtMeasureEnd", JSON.convertValue(measured.path("memoryOutboxRows"), Map.class));
		service.put("memoryOutboxRowsAtEnd", JSON.convertValue(after.path("memoryOutboxRows"), Map.class));
		return service;
	}

	static Map<String, Object> percentiles(Histogram histogram) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("p50", ms(histogram.getValueAtPercentile(50)));
		values.put("p90", ms(histogram.getValueAtPercentile(90)));
		values.put("p99", ms(histogram.getValueAtPercentile(99)));
		values.put("p99_9", ms(histogram.getValueAtPercentile(99.9)));
		values.put("max", ms(histogram.getMaxValue()));
		values.put("mean", round(histogram.getMean() / 1000));
		values.put("count", histogram.getTotalCount());
		return values;
	}

	static long micros(long nanos) {
		return Math.min(Math.max(nanos / 1000, 0), HIGHEST_MICROS);
	}

	private static double ms(long micros) {
		return round(micros / 1000.0);
	}

	private static double mib(long bytes) {
		return round(bytes / 1048576.0);
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
