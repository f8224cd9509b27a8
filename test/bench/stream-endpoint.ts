import { createServer, type ServerResponse } from "node:http";

// A vLLM-like endpoint in its own process (its CPU is not the client's): every chat completion waits
// DELAY_MS, then streams TOKENS tokens, ONE TOKEN PER EVENT as vLLM and SGLang send them, paced by one
// shared ticker: every TICK_MS each open stream gets EVENTS_PER_TICK events in one write. A request
// with `n` gets n choices interleaved by index. Listens on PORTS ports (a model's several base URLs);
// GET /stats answers the peak of open requests, the count served, the connections opened and their mean duration (arrival to
// end of the answer) and the mean of open requests from the first arrival to the last end; POST /stats answers them, then zeroes them.
const delayMs = Number(process.env.DELAY_MS ?? 0);
const tokens = Number(process.env.TOKENS ?? 4000);
const tickMs = Number(process.env.TICK_MS ?? 1);
const perTick = Number(process.env.EVENTS_PER_TICK ?? 1);
const ports = Number(process.env.PORTS ?? 1);

const words = ["The", " harbor", " at", " night", " was", " quiet", ",", " and", " the", " lanterns", " swayed", "."];
const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const head = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_700_000_000, model: "bench" };
const tokenEvent = (index: number, content: string) =>
  event({ ...head, choices: [{ index, delta: { content }, logprobs: null, finish_reason: null }] });
// Prebuilt, so the endpoint spends its time writing, not serialising.
const eventsByIndex = new Map<number, string[]>();
const eventsFor = (index: number) => {
  let events = eventsByIndex.get(index);
  if (!events) eventsByIndex.set(index, (events = words.map((w) => tokenEvent(index, w))));
  return events;
};
const finishEvent = (index: number) => event({ ...head, choices: [{ index, delta: {}, logprobs: null, finish_reason: "stop" }] });
const usageEvent = (n: number) =>
  event({ ...head, choices: [], usage: { prompt_tokens: 20, completion_tokens: n * tokens, total_tokens: n * tokens + 20 } });

interface Stream {
  res: ServerResponse;
  n: number;
  /** Events written so far, over all choices. */
  sent: number;
}
const streams = new Set<Stream>();
let open = 0;
let peak = 0;
let served = 0;
let connections = 0;
let ended = 0;
let totalMs = 0;
let openMs = 0;
let lastTick = performance.now();
let firstArrival: number | null = null;
let lastEnd = 0;

setInterval(() => {
  for (const s of streams) {
    // One write per stream and tick, as a server flushes what its engine produced since the last step.
    let out = "";
    for (let k = 0; k < perTick && s.sent < tokens * s.n; k++, s.sent++) {
      const index = s.sent % s.n;
      out += eventsFor(index)[Math.floor(s.sent / s.n) % words.length]!;
    }
    if (s.sent < tokens * s.n) {
      s.res.write(out);
      continue;
    }
    streams.delete(s);
    for (let i = 0; i < s.n; i++) out += finishEvent(i);
    s.res.end(`${out}${usageEvent(s.n)}data: [DONE]\n\n`);
  }
  // Open requests integrated over time: their mean is the in-flight count the client kept.
  const t = performance.now();
  openMs += open * (t - lastTick);
  lastTick = t;
}, tickMs);

const server = (port: number) =>
  new Promise<number>((resolve) => {
    const srv = createServer((req, res) => {
      if (req.url === "/stats") {
        const meanMs = ended === 0 ? null : totalMs / ended;
        const meanOpen = firstArrival === null ? null : openMs / (lastEnd - firstArrival);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ peak, served, open, meanMs, meanOpen, connections }));
        if (req.method === "POST") {
          peak = served = ended = totalMs = openMs = connections = 0;
          firstArrival = null;
        }
        return;
      }
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        const n = Math.max(1, Number((JSON.parse(body) as { n?: number }).n ?? 1));
        peak = Math.max(peak, ++open);
        served++;
        const arrived = performance.now();
        firstArrival ??= arrived;
        res.on("close", () => {
          open--;
          ended++;
          lastEnd = performance.now();
          totalMs += lastEnd - arrived;
        });
        setTimeout(() => {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          res.flushHeaders();
          streams.add({ res, n, sent: 0 });
        }, delayMs);
      });
    });
    srv.keepAliveTimeout = 60_000;
    srv.on("connection", () => connections++);
    srv.listen(port, "127.0.0.1", () => {
      const address = srv.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });

const bound = await Promise.all(Array.from({ length: ports }, () => server(0)));
console.log(JSON.stringify({ ports: bound }));
