// Medians per implementation and rate over the repeats of one sitting (bench/peers/sitting.sh).
// Usage: node summary.mjs RAW_DIR  (reads <impl>-<rate>-r<N>-summary.json written by bench.sh)
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const groups = {};
for (const file of fs.readdirSync(dir)) {
  const m = file.match(/^(.+)-(\d+)-r(\d+)-summary\.json$/);
  if (!m) continue;
  const s = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  (groups[`${m[1]}|${m[2]}`] ??= []).push(s);
}
const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (x) => (Number.isNaN(x) ? "-" : x.toFixed(1));
console.log("| implementation | rate/s | runs | overhead p50 ms | overhead p99 ms | failed (sum) | ok/s | app CPU % | PostgreSQL CPU % |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const order = ["node", "springai", "ours", "ours-big", "ours-mix"];
const keys = Object.keys(groups).sort((a, b) => {
  const [ia, ra] = a.split("|"), [ib, rb] = b.split("|");
  return Number(ra) - Number(rb) || order.indexOf(ia) - order.indexOf(ib);
});
for (const key of keys) {
  const [impl, rate] = key.split("|");
  const runs = groups[key];
  console.log(`| ${impl} | ${rate} | ${runs.length} | ${fmt(median(runs.map((s) => s.overhead?.p50)))} | `
    + `${fmt(median(runs.map((s) => s.overhead?.p99)))} | ${runs.reduce((a, s) => a + (s.failed || 0), 0)} | `
    + `${fmt(median(runs.map((s) => s.rate_ok)))} | ${fmt(median(runs.map((s) => s.cpu?.app?.avg_pct)))} | `
    + `${fmt(median(runs.map((s) => s.cpu?.postgres?.avg_pct)))} |`);
}
