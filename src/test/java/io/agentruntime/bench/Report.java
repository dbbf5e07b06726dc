package io.agentruntime.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

/**
 * Writes a run's results: {@code summary.json}, {@code summary.md}, {@code report.html}
 * (figures beside hand-made SVG charts of latency and overhead over time, replies in
 * flight, and the percentile distributions; no scripts, nothing fetched), HdrHistogram
 * percentile files and one CSV line per request.
 */
final class Report {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String[] COLORS = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e" };

	private Report() {
	}

	static void write(Path out, Benchmark.Options options, Map<String, Object> summary, Benchmark.Run run)
			throws IOException {
		JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("summary.json").toFile(), summary);
		Files.writeString(out.resolve("summary.md"), markdown(options, summary));
		Histogram latency = Summary.histogram();
		Histogram overhead = Summary.histogram();
		try (Writer csv = Files.newBufferedWriter(out.resolve("requests.csv"))) {
			csv.write(
					"n,measured,intendedMs,sendLagMs,latencyMs,upstreamMs,overheadMs,upstreamCalls,status,degraded\n");
			for (int n = 0; n < run.total; n++) {
				boolean answered = run.status[n] != 0;
				long latencyNanos = answered ? run.done[n] - run.intended[n] : 0;
				csv.write(String.format(Locale.ROOT, "%d,%b,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%b%n", n, run.measured(n),
						(run.intended[n] - run.startNanos) / 1e6, (run.sent[n] - run.intended[n]) / 1e6,
						latencyNanos / 1e6, run.upstream[n] / 1e6, (latencyNanos - run.upstream[n]) / 1e6, run.calls[n],
						run.status[n], run.degraded[n]));
				if (run.measured(n) && run.status[n] == 200) {
					latency.recordValue(Summary.micros(latencyNanos));
					overhead.recordValue(Summary.micros(latencyNanos - run.upstream[n]));
				}
			}
		}
		if (run.serviceUnderLoad != null) {
			Files.writeString(out.resolve("heap-histogram-under-load.txt"), "Replies in flight: "
					+ run.inFlightAtHeapProbe + "\n" + run.serviceUnderLoad.path("classHistogram").asText() + "\n");
		}
		Files.writeString(out.resolve("latency.hgrm"), distribution(latency));
		Files.writeString(out.resolve("overhead.hgrm"), distribution(overhead));
		Files.writeString(out.resolve("report.html"), html(options, summary, run, latency, overhead));
	}

	/** HdrHistogram's percentile table, in milliseconds. */
	private static String distribution(Histogram histogram) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		histogram.outputPercentileDistribution(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000.0);
		return bytes.toString(StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	static String markdown(Benchmark.Options options, Map<String, Object> summary) {
		Map<String, Object> overhead = (Map<String, Object>) summary.get("overheadMs");
		Map<String, Object> latency = (Map<String, Object>) summary.get("latencyMs");
		Map<String, Object> service = (Map<String, Object>) summary.get("service");
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark ").append(options.label()).append("\n\n");
		md.append("`").append(options.describe()).append("`\n\n");
		md.append(
				"| scenario | JDK | virtual threads | rate /s (target) | errors | degraded | overhead p50 / p90 / p99 / p99.9 ms | latency p50 / p99 / max ms | max in flight | heap after full GC under load (in flight) / idle MiB | service CPU |\n");
		md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		md.append(String.format(Locale.ROOT,
				"| %s | %s | %s | %s (%.0f) | %s | %s | %s / %s / %s / %s | %s / %s / %s | %s | %s (%s) / %s | %s cores, %s%% of machine, %s ms/reply |%n",
				summary.get("scenario"), summary.get("jdk"), options.virtualThreads() ? "on" : "off",
				summary.get("achievedRatePerSecond"), options.rate(), summary.get("errors"), summary.get("degraded"),
				overhead.get("p50"), overhead.get("p90"), overhead.get("p99"), overhead.get("p99_9"),
				latency.get("p50"), latency.get("p99"), latency.get("max"), summary.get("maxRepliesInFlight"),
				service.get("heapAfterFullGcUnderLoadMiB"), service.get("inFlightAtHeapProbe"),
				service.get("heapAfterFullGcAtEndMiB"), service.get("cpuCoresUsedAvg"),
				service.get("processCpuLoadAvgPercent"), service.get("cpuMsPerReply")));
		md.append("\nMachine CPU load during the measured phase: ")
			.append(service.get("machineCpuLoadAvgPercent"))
			.append("% (all processes; the service alone: ")
			.append(service.get("processCpuLoadAvgPercent"))
			.append("%).\n");
		md.append("Errors by kind: ")
			.append(summary.get("errorsByKind"))
			.append("; upstream calls per reply: ")
			.append(summary.get("upstreamCallsPerReply"))
			.append("; load generator send lag p99: ")
			.append(((Map<String, Object>) summary.get("loadGeneratorSendLagMs")).get("p99"))
			.append(" ms.\n");
		md.append("Machine load average (1 min) at the start / end of the measured phase: ")
			.append(summary.get("machineLoadAverage1mAtMeasureStart"))
			.append(" / ")
			.append(summary.get("machineLoadAverage1mAtMeasureEnd"))
			.append("; service GC in the measured phase: ")
			.append(service.get("gcCount"))
			.append(" collections, ")
			.append(service.get("gcMillis"))
			.append(" ms.\n");
		md.append("Memory outbox rows by status at the end of the measured phase / of the run: ")
			.append(service.get("memoryOutboxRowsAtMeasureEnd"))
			.append(" / ")
			.append(service.get("memoryOutboxRowsAtEnd"))
			.append(".\n");
		return md.toString();
	}

	private static String html(Benchmark.Options options, Map<String, Object> summary, Benchmark.Run run,
			Histogram latency, Histogram overhead) throws IOException {
		int seconds = options.warmupSeconds() + options.measureSeconds();
		List<double[]> latencyP50 = new ArrayList<>();
		List<double[]> latencyP99 = new ArrayList<>();
		List<double[]> latencyMax = new ArrayList<>();
		List<double[]> overheadP50 = new ArrayList<>();
		List<double[]> overheadP99 = new ArrayList<>();
		List<double[]> overheadMax = new ArrayList<>();
		for (int second = 0; second < seconds; second++) {
			List<Long> latencies = new ArrayList<>();
			List<Long> overheads = new ArrayList<>();
			for (int n = 0; n < run.total; n++) {
				long at = run.intended[n] - run.startNanos;
				if (run.status[n] == 200 && at >= second * 1_000_000_000L && at < (second + 1) * 1_000_000_000L) {
					latencies.add(run.done[n] - run.intended[n]);
					overheads.add(run.done[n] - run.intended[n] - run.upstream[n]);
				}
			}
			if (latencies.isEmpty()) {
				continue;
			}
			long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			long[] o = overheads.stream().mapToLong(Long::longValue).sorted().toArray();
			double x = second + 0.5;
			latencyP50.add(new double[] { x, at(l, 0.5) });
			latencyP99.add(new double[] { x, at(l, 0.99) });
			latencyMax.add(new double[] { x, l[l.length - 1] / 1e6 });
			overheadP50.add(new double[] { x, at(o, 0.5) });
			overheadP99.add(new double[] { x, at(o, 0.99) });
			overheadMax.add(new double[] { x, o[o.length - 1] / 1e6 });
		}
		List<double[]> inFlight = new ArrayList<>();
		synchronized (run.inFlightSeries) {
			run.inFlightSeries.forEach(point -> inFlight.add(new double[] { point[0] / 1e9, point[1] }));
		}
		double warmup = options.warmupSeconds();
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Benchmark ")
			.append(options.label())
			.append("</title><style>body{font-family:sans-serif;margin:20px;display:flex;flex-wrap:wrap;gap:24px}")
			.append(".figures{max-width:520px}table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 6px;font-size:13px}")
			.append("pre{font-size:12px}</style></head><body><div class=\"figures\"><h2>")
			.append(escape(options.label()))
			.append("</h2><p><code>")
			.append(escape(options.describe()))
			.append("</code></p><table>");
		flatten("", summary, html);
		html.append("</table></div><div>");
		html.append(chart("Reply latency per second of send time (ms); grey: warm-up", "seconds", "ms",
				List.of(new Series("p50", latencyP50), new Series("p99", latencyP99), new Series("max", latencyMax)),
				false, warmup));
		html.append(chart("Service overhead per second of send time (ms)", "seconds", "ms",
				List.of(new Series("p50", overheadP50), new Series("p99", overheadP99), new Series("max", overheadMax)),
				false, warmup));
		html.append(chart("Replies in flight", "seconds", "requests", List.of(new Series("in flight", inFlight)), false,
				warmup));
		html.append(chart("Overhead percentile distribution, measured phase (ms)", "percentile", "ms",
				List.of(new Series("overhead", percentileCurve(overhead))), true, 0));
		html.append(chart("Latency percentile distribution, measured phase (ms)", "percentile", "ms",
				List.of(new Series("latency", percentileCurve(latency))), true, 0));
		html.append("</div></body></html>\n");
		return html.toString();
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> map, StringBuilder html) {
		for (Map.Entry<String, Object> entry : map.entrySet()) {
			if (entry.getValue() instanceof Map<?, ?> nested && !entry.getKey().equals("errorsByKind")) {
				flatten(prefix + entry.getKey() + ".", (Map<String, Object>) nested, html);
			}
			else {
				html.append("<tr><td>")
					.append(escape(prefix + entry.getKey()))
					.append("</td><td>")
					.append(escape(String.valueOf(entry.getValue())))
					.append("</td></tr>");
			}
		}
	}

	/** Points (x = 1/(1-p) on a log axis, y = ms) from p0 to the largest value. */
	private static List<double[]> percentileCurve(Histogram histogram) {
		List<double[]> points = new ArrayList<>();
		if (histogram.getTotalCount() == 0) {
			return points;
		}
		double limit = Math.min(100_000, histogram.getTotalCount());
		for (double x = 1; x <= limit; x *= 1.1) {
			double percentile = 100 * (1 - 1 / x);
			points.add(new double[] { x, histogram.getValueAtPercentile(percentile) / 1000.0 });
		}
		points.add(new double[] { limit, histogram.getMaxValue() / 1000.0 });
		return points;
	}

	private static double at(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))] / 1e6;
	}

	/** An SVG line chart; on a percentile chart x is 1/(1-p) on a log scale. */
	private static String chart(String title, String xLabel, String yLabel, List<Series> series, boolean percentile,
			double shadeUntil) {
		int width = 640;
		int height = 260;
		int left = 60;
		int right = 110;
		int top = 28;
		int bottom = 36;
		double minX = Double.MAX_VALUE;
		double maxX = -Double.MAX_VALUE;
		double maxY = 0;
		for (Series s : series) {
			for (double[] point : s.points()) {
				double x = percentile ? Math.log10(point[0]) : point[0];
				minX = Math.min(minX, x);
				maxX = Math.max(maxX, x);
				maxY = Math.max(maxY, point[1]);
			}
		}
		if (minX > maxX) {
			return "<p>" + escape(title) + ": no data</p>";
		}
		if (percentile) {
			minX = 0;
		}
		maxX = Math.max(maxX, minX + 1e-9);
		maxY = niceCeiling(maxY);
		double plotWidth = width - left - right;
		double plotHeight = height - top - bottom;
		double fx0 = minX;
		double fx1 = maxX;
		double fy = maxY;
		java.util.function.DoubleUnaryOperator sx = x -> left + (x - fx0) / (fx1 - fx0) * plotWidth;
		java.util.function.DoubleUnaryOperator sy = y -> top + plotHeight - y / fy * plotHeight;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">",
				width, height));
		svg.append("<text x=\"")
			.append(left)
			.append("\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
			.append(escape(title))
			.append("</text>");
		if (!percentile && shadeUntil > minX) {
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#eee\"/>", sx.applyAsDouble(minX),
					top, sx.applyAsDouble(Math.min(shadeUntil, maxX)) - sx.applyAsDouble(minX), plotHeight));
		}
		for (int i = 0; i <= 4; i++) {
			double y = maxY * i / 4;
			double py = sy.applyAsDouble(y);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
					left, left + plotWidth, py, py, left - 4, py + 4, label(y)));
		}
		if (percentile) {
			String[] names = { "0%", "90%", "99%", "99.9%", "99.99%", "99.999%" };
			for (int i = 0; i <= 5 && i <= maxX + 1e-9; i++) {
				double px = sx.applyAsDouble(i);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
						px, px, top, top + plotHeight, px, top + plotHeight + 14, names[i]));
			}
		}
		else {
			double step = niceCeiling((maxX - minX) / 8);
			for (double x = Math.ceil(minX / step) * step; x <= maxX; x += step) {
				double px = sx.applyAsDouble(x);
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
						px, px, top, top + plotHeight, px, top + plotHeight + 14, label(x)));
			}
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
				left + plotWidth / 2, height - 4, escape(xLabel)));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"12\" y=\"%.1f\" transform=\"rotate(-90 12 %.1f)\" text-anchor=\"middle\">%s</text>",
				top + plotHeight / 2, top + plotHeight / 2, escape(yLabel)));
		for (int i = 0; i < series.size(); i++) {
			Series s = series.get(i);
			String color = COLORS[i % COLORS.length];
			StringBuilder points = new StringBuilder();
			for (double[] point : s.points()) {
				double x = percentile ? Math.log10(point[0]) : point[0];
				points
					.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(x), sy.applyAsDouble(point[1])));
			}
			svg.append("<polyline fill=\"none\" stroke=\"")
				.append(color)
				.append("\" stroke-width=\"1.5\" points=\"")
				.append(points.toString().trim())
				.append("\"/>");
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
					left + plotWidth + 10, top + 4 + i * 16, color, left + plotWidth + 24, top + 13 + i * 16,
					escape(s.name())));
		}
		svg.append("</svg><br>");
		return svg.toString();
	}

	private static double niceCeiling(double value) {
		if (value <= 0) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double factor : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (factor * magnitude >= value) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String label(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/**
	 * One line of a chart.
	 *
	 * @param name legend
	 * @param points {x, y} pairs
	 */
	private record Series(String name, List<double[]> points) {

		@Override
		public String toString() {
			return this.name + Arrays.toString(this.points.toArray());
		}

	}

}
