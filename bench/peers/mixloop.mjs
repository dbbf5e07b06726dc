// Constant-arrival-rate load generator for the side-by-side sitting (bench/peers/sitting.sh): the kit's
// bench/openloop.mjs (same timing: request i is due at t0 + i/RATE whatever happened to earlier ones, latency
// measured from the due time, so no coordinated omission) with one addition: with MIX=1 every request gets
// its own API key and body from the many-tenant mix below instead of one KEY and one BODY.
//
// The mix: TENANTS dealerships × LEADS leads (keys and lead ids as seeded by seed.sql and seed-peers.sql, the
// same for all three implementations). ACTIVE conversations are open at once, in slots served round robin;
// each conversation gets TURNS messages (a different one per turn), then its slot moves on to the next lead.
// So consecutive requests go to different tenants, one conversation's turns are ACTIVE / RATE seconds apart
// (10 s at 100/s with ACTIVE=1000: never two of its messages at once), and 1 in TURNS messages opens a new
// conversation. Request index n (MIX_START + i) decides everything, so a run is the same for every
// implementation and repeat; the warm-up and the measured part of one run continue the same sequence.
//   slot = n % ACTIVE, round = floor(n / ACTIVE), turn = round % TURNS,
//   conversation c = floor(round / TURNS) * ACTIVE + slot, lead index = c % (TENANTS * LEADS),
//   tenant = lead index % TENANTS + 1, lead = floor(lead index / TENANTS) % LEADS + 1
// Conversation ids are "<MIX_RUN>-<c>", so each run (MIX_RUN = its tag) starts its own conversations.
// The peers ignore conversationId; CONVERSATIONS=0 leaves it out of the body.
//
// Env: as openloop.mjs (BASE_URL, TARGET_PATH, KEY, RATE, DURATION, CONNECTIONS, BODY, TIMEOUT_MS, JSON_OUT),
//      PEERS (the kit: hdr-histogram-js comes from its node_modules), and for the mix
//      MIX=1, TENANTS [200], LEADS [50], ACTIVE [1000], TURNS [4], MIX_RUN [mix], MIX_START [0], CONVERSATIONS [1];
//      WARMUP_S [0] seconds of the same schedule sent first and not counted (MARK_FILE is created when the
//      measured part begins);
//      without MIX: SINGLE_CONVERSATIONS [0] = N adds conversationId conv-1 … conv-N in turn to BODY.
// `node mixloop.mjs --print N` prints the first N keys and bodies of the mix (no requests).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const env = process.env;

/** The messages of a conversation, one per turn (none asks for a person: that would hand it off). */
export const MESSAGES = [
  "Is the red F-150 still available?",
  "Could I come by on Saturday morning for a test drive?",
  "What financing options do you offer for it?",
  "Does it have the towing package and a spray-in bedliner?",
  "Can I trade in my 2017 Civic with about 60,000 miles?",
  "Great, please send me the details by e-mail.",
];

export const mixKey = (tenant) => `ark_bench_mix_${String(tenant).padStart(3, "0")}_000000000000000000000000000000`;
export const mixLeadId = (tenant, lead) =>
  `00000000-0000-4000-8002-${tenant.toString(16).padStart(6, "0")}${lead.toString(16).padStart(6, "0")}`;

/** The key and body of request n of the mix (a pure function of n and the settings). */
export function mixRequest(n, s) {
  const slot = n % s.active;
  const round = Math.floor(n / s.active);
  const turn = round % s.turns;
  const c = Math.floor(round / s.turns) * s.active + slot;
  const leadIndex = c % (s.tenants * s.leads);
  const tenant = (leadIndex % s.tenants) + 1;
  const lead = (Math.floor(leadIndex / s.tenants) % s.leads) + 1;
  const body = { message: MESSAGES[turn % MESSAGES.length], leadId: mixLeadId(tenant, lead) };
  if (s.conversations) body.conversationId = `${s.run}-${c}`;
  return { key: mixKey(tenant), body: JSON.stringify(body), tenant, lead, turn, conversation: c };
}

export const mixSettings = (e) => ({
  tenants: Number(e.TENANTS || 200),
  leads: Number(e.LEADS || 50),
  active: Number(e.ACTIVE || 1000),
  turns: Number(e.TURNS || 4),
  run: e.MIX_RUN || "mix",
  conversations: (e.CONVERSATIONS ?? "1") !== "0",
});

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain && process.argv[2] === "--print") {
  const s = mixSettings(env);
  const start = Number(env.MIX_START || 0);
  for (let i = 0; i < Number(process.argv[3] || 10); i++) {
    const r = mixRequest(start + i, s);
    console.log(`${start + i}\t${r.key}\t${r.body}`);
  }
  process.exit(0);
}
if (isMain) await run();

async function run() {
  const require = createRequire(path.join(env.PEERS || ".", "package.json"));
  const hdr = require("hdr-histogram-js");
  const base = new URL(env.BASE_URL || "http://127.0.0.1:3000");
  const target = env.TARGET_PATH || "/api/agent/reply";
  const rate = Number(env.RATE || 100);
  const duration = Number(env.DURATION || 30);
  const connections = Number(env.CONNECTIONS || 1000);
  const timeoutMs = Number(env.TIMEOUT_MS || 30000);
  const mix = env.MIX === "1";
  const settings = mixSettings(env);
  const start = Number(env.MIX_START || 0);
  const single = Buffer.from(env.BODY || "{}");

  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  // Four significant digits: 64 µs buckets around the 850 ms of a reply. The kit's openloop.mjs keeps three, whose
  // 512 µs buckets made every overhead a multiple of about 0.5 ms (7.1, 7.6, 8.1 …), too coarse to rank
  // implementations that differ by less (session 16).
  const mk = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 4 });
  const latency = mk(); // microseconds
  const service = mk();
  const status = {};
  const errors = {};
  // TRACE_OUT=file: one line per answered request (due time as epoch ms, latency ms, status, tenant), to line
  // the slow ones up with a GC log or CPU samples of the same seconds.
  const trace = env.TRACE_OUT ? [] : null;
  const tenantsSeen = new Set();
  const conversationsSeen = new Set();
  // WARMUP_S=w: the first w seconds of the same schedule are a warm-up, sent but not counted, so the measured
  // part follows without a pause and on the warm-up's connections; MARK_FILE is created when it begins.
  const warmCount = Math.round(rate * Number(env.WARMUP_S || 0));
  let sent = 0, done = 0, ok = 0, inflight = 0, maxInflight = 0, doneAll = 0;
  const total = Math.round(rate * duration);
  const all = warmCount + total;
  const interval = 1000 / rate;
  const cpu0 = process.cpuUsage();

  // One tenant with SINGLE_CONVERSATIONS=N: BODY plus conversationId "conv-<1..N>" in turn (the big tenant's
  // seeded conversations have history, so its history read is exercised; no conversation gets two at once).
  const singleConversations = Number(env.SINGLE_CONVERSATIONS || 0);
  const singleJson = singleConversations > 0 ? JSON.parse(env.BODY || "{}") : null;

  function request(i) {
    if (!mix && singleConversations > 0) {
      return { key: env.KEY, body: Buffer.from(JSON.stringify({ ...singleJson, conversationId: `conv-${((start + i) % singleConversations) + 1}` })) };
    }
    if (!mix) return { key: env.KEY, body: single };
    const r = mixRequest(start + i, settings);
    tenantsSeen.add(r.tenant);
    conversationsSeen.add(r.conversation);
    return { key: r.key, body: Buffer.from(r.body), tenant: r.tenant };
  }

  function fire(i, due) {
    const measured = i >= warmCount;
    inflight++;
    if (measured) { sent++; if (inflight > maxInflight) maxInflight = inflight; }
    const { key, body, tenant } = request(i);
    const headers = {
      "content-type": "application/json",
      "content-length": body.length,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    };
    let begin = 0;
    const req = http.request({ host: base.hostname, port: base.port || 80, path: target, method: "POST", agent, headers, timeout: timeoutMs });
    req.on("socket", () => { begin = performance.now(); });
    req.on("response", (res) => {
      res.on("data", () => {});
      res.on("end", () => {
        const end = performance.now();
        if (!measured) { finish(false); return; }
        status[res.statusCode] = (status[res.statusCode] || 0) + 1;
        if (trace) trace.push(`${(performance.timeOrigin + due).toFixed(1)}\t${(end - due).toFixed(1)}\t${res.statusCode}\t${tenant}`);
        if (res.statusCode >= 200 && res.statusCode < 300) {
          ok++;
          latency.recordValue(Math.max(1, Math.round((end - due) * 1000)));
          service.recordValue(Math.max(1, Math.round((end - (begin || due)) * 1000)));
        }
        finish(true);
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => { const k = e.code || e.message; if (measured) errors[k] = (errors[k] || 0) + 1; finish(measured); });
    req.end(body);
  }
  let resolveDone;
  const allDone = new Promise((r) => (resolveDone = r));
  function finish(measured) { inflight--; if (measured) done++; if (++doneAll === all) resolveDone(); }

  const t0 = performance.now() + 5;
  let next = 0;
  function tick() {
    const now = performance.now();
    while (next < all && t0 + next * interval <= now) {
      if (next === warmCount && warmCount > 0 && env.MARK_FILE) fs.writeFileSync(env.MARK_FILE, `${Date.now()}\n`);
      fire(next, t0 + next * interval); next++;
    }
    if (next < all) setTimeout(tick, Math.max(0, Math.min(1, t0 + next * interval - performance.now())));
  }
  setTimeout(tick, 5);
  const tEndSend = await new Promise((r) => {
    const wait = () => (next >= all ? r(performance.now()) : setTimeout(wait, 5));
    wait();
  });
  await Promise.race([allDone, new Promise((r) => setTimeout(r, timeoutMs + 1000))]);
  const tEnd = performance.now();
  const cpu = process.cpuUsage(cpu0);

  const pct = (h, p) => +(h.getValueAtPercentile(p) / 1000).toFixed(1);
  const dist = (h) => (h.totalCount ? {
    min: +(h.minNonZeroValue / 1000).toFixed(1), p50: pct(h, 50), p90: pct(h, 90), p99: pct(h, 99), p999: pct(h, 99.9),
    max: +(h.maxValue / 1000).toFixed(1), mean: +(h.mean / 1000).toFixed(1),
  } : null);
  const sendSpan = (tEndSend - (t0 + warmCount * interval)) / 1000;
  const summary = {
    generator: "openloop",
    target: `${base.origin}${target}`,
    rate_target: rate,
    duration_s: duration,
    connections_max: connections,
    mix: mix ? { ...settings, start, tenants_used: tenantsSeen.size, conversations_used: conversationsSeen.size } : null,
    sent,
    completed: done,
    ok_2xx: ok,
    unfinished: total - done,
    status,
    errors,
    rate_sent: +(sent / Math.max(sendSpan, 1e-9)).toFixed(1),
    rate_ok: +(ok / duration).toFixed(1),
    max_inflight: maxInflight,
    latency_ms: dist(latency),
    service_ms: dist(service),
    generator_cpu_pct: +(((cpu.user + cpu.system) / 1000) / (tEnd - t0 + 5) * 100).toFixed(1),
    wall_s: +((tEnd - t0) / 1000).toFixed(1),
  };
  latency.destroy?.(); service.destroy?.();
  agent.destroy();
  const out = JSON.stringify(summary, null, 2);
  if (env.JSON_OUT) fs.writeFileSync(env.JSON_OUT, out + "\n");
  if (trace) fs.writeFileSync(env.TRACE_OUT, trace.join("\n") + "\n");
  console.log(out);
  process.exit(0);
}
