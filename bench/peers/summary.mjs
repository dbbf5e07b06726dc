// Markdown summary of one mode of a sitting (bench/peers/sitting.sh), from the raw files it wrote.
// Usage: node summary.mjs MODE DIR [P99_LIMIT_MS]
//   repeats | mix  medians per implementation and rate over the repeats (<impl>-<rate>-r<N>-summary.json)
//   saturation     every rate tried per implementation and its saturation rate: the highest rate, climbing,
//                  before the first one with p99 overhead > P99_LIMIT_MS or any failed request
//   profile        the run, PostgreSQL totals and top statements per reply, JFR hot methods
//   inflight       replies in flight (generator and LLM connections), heap after a full GC under load, max heap
import fs from "node:fs";
import path from "node:path";

const [mode, dir, limitArg] = process.argv.slice(2);
const limit = Number(limitArg || 100);
const raw = path.join(dir, "raw");
const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null);
const json = (f) => { const t = read(f); return t ? JSON.parse(t) : null; };

const runs = [];
for (const file of fs.existsSync(raw) ? fs.readdirSync(raw) : []) {
  const m = file.match(/^(.+)-(\d+)-r(\d+)-summary\.json$/);
  if (m) runs.push({ impl: m[1], rate: Number(m[2]), rep: Number(m[3]), s: json(path.join(raw, file)) });
}
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x) => (typeof x !== "number" || Number.isNaN(x) ? "-" : x.toFixed(1));
const ORDER = ["node", "springai", "ours", "ours-big", "ours-inflight"];
const byImpl = (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const failed = (s) => s.failed ?? NaN;
const out = [];
const p = (line = "") => out.push(line);

function medians(title) {
  p(`## ${title}`);
  p();
  p("Overhead = latency − 850 ms (LLM 800 ms + memory search 50 ms), medians over the runs (and each run's p50/p99).");
  p();
  p("| implementation | rate/s | runs | overhead p50 ms | p90 | p99 | per run p50/p99 | failed (sum) | ok/s | app CPU % | PostgreSQL CPU % | machine CPU % |");
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const groups = new Map();
  for (const r of runs) {
    const k = `${r.impl}|${r.rate}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const [ia, ra] = a.split("|"), [ib, rb] = b.split("|");
    return Number(ra) - Number(rb) || byImpl(ia, ib);
  });
  for (const k of keys) {
    const [impl, rate] = k.split("|");
    const g = groups.get(k).sort((a, b) => a.rep - b.rep);
    const ss = g.map((r) => r.s);
    p(`| ${impl} | ${rate} | ${g.length} | ${fmt(median(ss.map((s) => s.overhead?.p50)))} | `
      + `${fmt(median(ss.map((s) => s.overhead?.p90)))} | ${fmt(median(ss.map((s) => s.overhead?.p99)))} | `
      + `${ss.map((s) => `${fmt(s.overhead?.p50)}/${fmt(s.overhead?.p99)}`).join(", ")} | `
      + `${ss.reduce((a, s) => a + (s.failed || 0), 0)} | ${fmt(median(ss.map((s) => s.rate_ok)))} | `
      + `${fmt(median(ss.map((s) => s.cpu?.app?.avg_pct)))} | ${fmt(median(ss.map((s) => s.cpu?.postgres?.avg_pct)))} | `
      + `${fmt(median(ss.map((s) => s.cpu?.machine?.avg_pct)))} |`);
  }
}

function saturation() {
  p(`## Saturation (p99 overhead ≤ ${limit} ms and no failed request)`);
  p();
  p("Each cell: overhead p50 / p99 ms, failed requests. The saturation rate is the highest rate passed before the first failing one.");
  p();
  const impls = [...new Set(runs.map((r) => r.impl))].sort(byImpl);
  const rates = [...new Set(runs.map((r) => r.rate))].sort((a, b) => a - b);
  p(`| implementation | ${rates.map((r) => `${r}/s`).join(" | ")} | saturation rate |`);
  p(`| --- | ${rates.map(() => "---").join(" | ")} | --- |`);
  for (const impl of impls) {
    let sat = null, stopped = false;
    const cells = rates.map((rate) => {
      const r = runs.find((x) => x.impl === impl && x.rate === rate);
      if (!r) return "";
      const ok = r.s.failed === 0 && r.s.overhead && r.s.overhead.p99 <= limit;
      if (!stopped) { if (ok) sat = rate; else stopped = true; }
      return `${fmt(r.s.overhead?.p50)} / ${fmt(r.s.overhead?.p99)}, ${failed(r.s)}${ok ? "" : " ✗"}`;
    });
    const tried = runs.filter((x) => x.impl === impl).map((x) => x.rate);
    const verdict = sat == null ? `< ${Math.min(...tried)}/s` : stopped ? `${sat}/s` : `≥ ${sat}/s (never failed)`;
    p(`| ${impl} | ${cells.join(" | ")} | **${verdict}** |`);
  }
}

function profile() {
  p("## Profile of this service");
  p();
  for (const r of runs) {
    p(`Run ${r.impl} at ${r.rate}/s: overhead p50 ${fmt(r.s.overhead?.p50)} / p99 ${fmt(r.s.overhead?.p99)} ms, ${r.s.ok} ok, `
      + `${r.s.failed} failed; CPU app ${fmt(r.s.cpu?.app?.avg_pct)} %, PostgreSQL ${fmt(r.s.cpu?.postgres?.avg_pct)} %.`);
  }
  p();
  for (const [title, file, lines] of [
    ["PostgreSQL per reply (pg_stat_statements of the measured part, background work included)", "pg_stat_statements-totals.txt", 10],
    ["Top statements by total time", "pg_stat_statements-by-time.txt", 30],
    ["Top statements by calls", "pg_stat_statements-by-calls.txt", 30],
    ["JFR CPU by library and by part of a reply", "jfr-cpu-breakdown.txt", 45],
    ["JFR hot methods", "jfr-hot-methods.txt", 30],
    ["JFR GC pauses", "jfr-gc-pauses.txt", 20],
  ]) {
    const t = read(path.join(dir, file));
    if (!t) continue;
    p(`### ${title}`);
    p();
    p("```");
    p(t.split("\n").slice(0, lines).join("\n").trimEnd());
    p("```");
    p();
  }
}

function inflight() {
  p("## 2,000 replies in flight, heap ≤ 512 MiB");
  p();
  const r = runs[0];
  if (!r) { p("(no run)"); return; }
  const g = json(path.join(raw, `${r.impl}-${r.rate}-r${r.rep}-gen.json`)) || {};
  const conns = (read(path.join(raw, "connections.txt")) || "").trim().split("\n").slice(1).map((l) => l.split(" ").map(Number));
  const maxLlm = Math.max(0, ...conns.map((c) => c[1]));
  const maxClient = Math.max(0, ...conns.map((c) => c[2]));
  let maxHeapMiB = NaN;
  const js = (read(path.join(raw, "jstat-gc.txt")) || "").trim().split("\n");
  if (js.length > 1) {
    const h = js[0].trim().split(/\s+/);
    const col = (row, name) => Number(row[h.indexOf(name)]);
    maxHeapMiB = Math.max(...js.slice(1).map((l) => l.trim().split(/\s+/))
      .filter((row) => row.length === h.length)
      .map((row) => (col(row, "S0U") + col(row, "S1U") + col(row, "EU") + col(row, "OU")) / 1024));
  }
  const heapInfo = read(path.join(raw, "heap-after-full-gc.txt")) || "";
  const used = heapInfo.match(/total reserved (\d+)K, committed (\d+)K, used (\d+)K/);
  const oom = (read(path.join(raw, "oom-count.txt")) || "0").trim();
  // raw/jvm.txt since session 15 (JAVA_HEAP and JAVA_GC); before, the options were always these
  const jvm = (read(path.join(raw, "jvm.txt")) || "-Xms512m -Xmx512m -XX:+UseG1GC").trim();
  // raw/instance.txt: "main" (the sitting's warm instance, since session 14) or "fresh" (a second instance)
  const instance = (read(path.join(raw, "instance.txt")) || "fresh").trim() === "main"
    ? "the sitting's instance of this service (warm)" : "a second, fresh instance of this service";
  p(`LLM fake delay ${r.s.fixed_delay_ms - 50} ms, ${r.rate} replies/s (the mix) for ${g.duration_s ?? "?"} s, ${instance} with `
    + `\`${jvm}\` and its default \`agent.reply.max-in-flight\` (2,000).`);
  p();
  p("| figure | value |");
  p("| --- | --- |");
  p(`| requests / 2xx / failed | ${r.s.requests} / ${r.s.ok} / ${r.s.failed} (status ${JSON.stringify(r.s.status)}, errors ${JSON.stringify(r.s.errors)}) |`);
  p(`| max replies in flight, generator | ${g.max_inflight ?? "-"} |`);
  p(`| max open connections from the generator / to the LLM fake (ss, 1 s samples) | ${maxClient} / ${maxLlm} |`);
  p(`| heap used after a full GC with the replies in flight | ${used ? `${(Number(used[3]) / 1024).toFixed(1)} MiB (committed ${(Number(used[2]) / 1024).toFixed(0)} MiB)` : "-"} |`);
  p(`| max heap used (jstat, 1 s samples) | ${fmt(maxHeapMiB)} MiB |`);
  p(`| OutOfMemoryError in the log | ${oom} |`);
  p(`| overhead p50 / p99 ms (latency − ${r.s.fixed_delay_ms} ms) | ${fmt(r.s.overhead?.p50)} / ${fmt(r.s.overhead?.p99)} |`);
  p(`| CPU app / PostgreSQL / machine % | ${fmt(r.s.cpu?.app?.avg_pct)} / ${fmt(r.s.cpu?.postgres?.avg_pct)} / ${fmt(r.s.cpu?.machine?.avg_pct)} |`);
}

if (mode === "repeats") medians("Repeats: one busy tenant (ours = empty tenant, ours-big = 2 M-row history)");
else if (mode === "mix") medians("The many-tenant mix (200 tenants × 50 leads, conversations of 4 turns)");
else if (mode === "saturation") saturation();
else if (mode === "profile") profile();
else if (mode === "inflight") inflight();
else { console.error("usage: node summary.mjs repeats|mix|saturation|profile|inflight DIR [P99_LIMIT_MS]"); process.exit(2); }
console.log(out.join("\n"));
