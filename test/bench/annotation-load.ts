import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";

// Simulated annotators over keep-alive HTTP: each logs in, then loops "next item, judge it" until a phase
// ends. Every request's latency is recorded from the moment it is sent to its last body byte.
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
const verdicts = ["left", "right", "tie", "both-bad"] as const;

interface Answer {
  status: number;
  body: string;
  ms: number;
  /** performance.now() when the answer was complete. */
  at: number;
  cookies: string[];
}

function post(port: number, path: string, body: unknown, cookie?: string): Promise<Answer> {
  const payload = JSON.stringify(body ?? {});
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const at = performance.now();
          resolve({
            status: res.statusCode!,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: at - start,
            at,
            cookies: res.headers["set-cookie"] ?? [],
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export interface Annotator {
  username: string;
  /** The server this annotator works on (several servers share the database: a balancer keeps each on one). */
  port: number;
  cookie: string;
  /** Judgments made so far in this login, for unique idempotency keys. */
  made: number;
  /** This login's own part of those keys: an annotator logged in again (the alternating bench) starts at 0. */
  login: string;
}

export async function login(port: number, username: string, password: string): Promise<Annotator> {
  const answer = await post(port, "/api/auth/login", { username, password });
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${answer.body}`);
  const cookie = answer.cookies.map((c) => c.split(";")[0]).join("; ");
  return { username, port, cookie, made: 0, login: randomUUID().slice(0, 8) };
}

export interface PhaseStats {
  nextMs: number[];
  submitMs: number[];
  /** 201 answers over the whole phase, warm-up included (what the database must hold). */
  created: number;
  /** 201 answers that completed inside the measured window. */
  createdInWindow: number;
  unexpected: Map<string, number>;
}

export interface Phase {
  campaignId: number;
  /** Latencies count from here (performance.now()); before it is warm-up. */
  measureFrom: number;
  /** No new item is started after this. */
  until: number;
  /** Reading time between getting an item and judging it; none when absent (a saturating load). */
  thinkMs?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function annotate(a: Annotator, phase: Phase, stats: PhaseStats) {
  const odd = (what: string, x: Answer | Error) => {
    const key = `${what} ${x instanceof Error ? `network error (${x.message})` : x.status}`;
    stats.unexpected.set(key, (stats.unexpected.get(key) ?? 0) + 1);
  };
  // A refused or dropped connection is counted with the unexpected answers, and the annotator goes on.
  const send = (what: string, path: string, body: unknown) =>
    post(a.port, path, body, a.cookie).catch(async (err: Error) => {
      odd(what, err);
      await sleep(100);
      return null;
    });
  // Paced annotators arrive at random, as they would after reading, rather than all at the same instant.
  if (phase.thinkMs) await sleep(phase.thinkMs());
  while (performance.now() < phase.until) {
    const started = performance.now();
    const next = await send("next", `/api/annotate/campaigns/${phase.campaignId}/next`, {});
    if (next === null) continue;
    if (started >= phase.measureFrom) stats.nextMs.push(next.ms);
    if (next.status !== 200) {
      odd("next", next);
      continue;
    }
    const { item } = JSON.parse(next.body) as { item: { assignment_id: number } | null };
    if (item === null) return;
    if (phase.thinkMs) await sleep(phase.thinkMs());
    const body = {
      verdict: verdicts[Math.floor(Math.random() * verdicts.length)],
      time_ms: 1000 + Math.floor(Math.random() * 60_000),
      coverage_left: 1,
      coverage_right: Math.random(),
      idempotency_key: `load-${a.username}-${a.login}-${a.made++}`,
    };
    const sent = performance.now();
    const submit = await send("submit", `/api/annotate/assignments/${item.assignment_id}/judgment`, body);
    if (submit === null) continue;
    if (sent >= phase.measureFrom) stats.submitMs.push(submit.ms);
    if (submit.status === 201) {
      stats.created++;
      if (submit.at >= phase.measureFrom && submit.at <= phase.until) stats.createdInWindow++;
    } else odd("submit", submit);
  }
}

export async function runPhase(annotators: Annotator[], phase: Phase): Promise<PhaseStats> {
  const stats: PhaseStats = { nextMs: [], submitMs: [], created: 0, createdInWindow: 0, unexpected: new Map() };
  await Promise.all(annotators.map((a) => annotate(a, phase, stats)));
  return stats;
}

/** The HTTP floor: GET path as each annotator, back to back, for `seconds`; answers how many were made. */
export async function getLoop(annotators: Annotator[], path: string, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const get = ({ port, cookie }: Annotator) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("error", reject);
      req.end();
    });
  let count = 0;
  await Promise.all(
    annotators.map(async (a) => {
      while (performance.now() < until) {
        if ((await get(a)) !== 200) throw new Error(`GET ${path}: not 200`);
        count++;
      }
    }),
  );
  return count;
}

export function closeConnections() {
  agent.destroy();
}

/**
 * How much of the paced latency is the server process's own work: each request's time inside it (the rest is
 * waiting for the process and the network).
 */
export function insideServer(h: { next: number[]; submit: number[] }): string {
  return `inside the server process next-item ${percentiles(h.next, [50, 99])}, submit ${percentiles(h.submit, [50, 99])}`;
}

/** "p50 1.2, p90 3.4, p99 5.6, max 7.8 ms" (or the percentiles asked for; 100 is the max) */
export function percentiles(ms: number[], at: number[] = [50, 90, 99, 100]): string {
  const sorted = Float64Array.from(ms).sort();
  return `${at.map((p) => `${p === 100 ? "max" : `p${p}`} ${percentileOf(sorted, p).toFixed(1)}`).join(", ")} ms`;
}

/** The p-th percentile (nearest rank) of latencies already sorted; NaN for none. */
export function percentileOf(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
