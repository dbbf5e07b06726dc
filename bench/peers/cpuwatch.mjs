// The kit's bench/cpuwatch.mjs (bench-peers), plus one signal: SIGUSR1 starts the window again (averages and
// peaks from then on). sitting.sh starts it with the warm-up and signals it when the measured part begins, so
// no node process starts (tens of ms of a core) in the first second of a measured run.
// Samples CPU use of named processes once a second from /proc until SIGTERM/SIGINT, then prints JSON:
// { name: { avg_pct, peak_pct } } where 100 = one core busy; "machine" is all cores together
// (200 = both cores of a 2-core box busy). Args: name:PID or name:PID+ (PID and all its descendants,
// e.g. the postmaster and its backends). Usage: node cpuwatch.mjs app:1234 pg:2345+ > cpu.json
import fs from "node:fs";

const HZ = 100; // USER_HZ (getconf CLK_TCK) on Linux
const targets = process.argv.slice(2).map((a) => {
  const [name, p] = a.split(":");
  return { name, pid: Number(p.replace("+", "")), tree: p.endsWith("+") };
});

function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
function allStats() {
  const m = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const st = stat(d);
    if (st) m.set(Number(d), st);
  }
  return m;
}
function machineTicks() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return { busy: f.reduce((a, b) => a + b, 0) - idle };
}
function sample() {
  const all = allStats();
  const out = { machine: machineTicks().busy, t: performance.now() };
  for (const t of targets) {
    let ticks = all.get(t.pid)?.ticks ?? NaN;
    if (t.tree && !Number.isNaN(ticks)) {
      const kids = new Set([t.pid]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const [pid, st] of all) if (!kids.has(pid) && kids.has(st.ppid)) { kids.add(pid); ticks += st.ticks; grew = true; }
      }
    }
    // a process that has exited keeps the ticks last seen (at most one sampling interval stale)
    out[t.name] = Number.isNaN(ticks) ? (lastTicks[t.name] ?? NaN) : ticks;
    lastTicks[t.name] = out[t.name];
  }
  return out;
}
const lastTicks = {};
let first = sample();
let prev = first;
const peak = {};
function tick() {
  const s = sample();
  const dt = (s.t - prev.t) / 1000;
  for (const k of ["machine", ...targets.map((t) => t.name)]) {
    const pct = ((s[k] - prev[k]) / HZ / dt) * 100;
    if (!(peak[k] >= pct)) peak[k] = pct;
  }
  prev = s;
}
let timer = setInterval(tick, 1000);
function report() {
  clearInterval(timer);
  const s = sample();
  const dt = (s.t - first.t) / 1000;
  const res = { window_s: +dt.toFixed(1) };
  for (const k of ["machine", ...targets.map((t) => t.name)]) {
    res[k] = { avg_pct: +((((s[k] - first[k]) / HZ) / dt) * 100).toFixed(1), peak_pct: +(peak[k] ?? NaN).toFixed(1) };
  }
  console.log(JSON.stringify(res));
  process.exit(0);
}
process.on("SIGUSR1", () => {
  first = prev = sample();
  for (const k of Object.keys(peak)) delete peak[k];
  // the next sample a whole second later: a short first interval would make a peak of noise
  clearInterval(timer);
  timer = setInterval(tick, 1000);
});
process.on("SIGTERM", report);
process.on("SIGINT", report);
