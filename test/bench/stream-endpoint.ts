import { createServer, type ServerResponse } from "node:http";

// A vLLM-like endpoint in its own process (its CPU is not the client's): every chat completion waits
// DELAY_MS, then streams TOKENS tokens, ONE TOKEN PER EVENT as vLLM and SGLang send them, paced by one
// shared ticker: every TICK_MS each open stream gets EVENTS_PER_TICK events, each its own write. A request
// with `n` gets n choices interleaved by index. Listens on PORTS ports (a model's several base URLs);
// GET /stats answers the peak of open requests and the count served, POST /stats/reset zeroes them.
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

setInterval(() => {
  for (const s of streams) {
    for (let k = 0; k < perTick && s.sent < tokens * s.n; k++, s.sent++) {
      const index = s.sent % s.n;
      s.res.write(eventsFor(index)[Math.floor(s.sent / s.n) % words.length]!);
    }
    if (s.sent >= tokens * s.n) {
      streams.delete(s);
      let tail = "";
      for (let i = 0; i < s.n; i++) tail += finishEvent(i);
      s.res.end(`${tail}${usageEvent(s.n)}data: [DONE]\n\n`);
    }
  }
}, tickMs);

const server = (port: number) =>
  new Promise<number>((resolve) => {
    const srv = createServer((req, res) => {
      if (req.url === "/stats") {
        if (req.method === "POST") peak = served = 0;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ peak, served, open }));
        return;
      }
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        const n = Math.max(1, Number((JSON.parse(body) as { n?: number }).n ?? 1));
        peak = Math.max(peak, ++open);
        served++;
        res.on("close", () => open--);
        setTimeout(() => {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          res.flushHeaders();
          streams.add({ res, n, sent: 0 });
        }, delayMs);
      });
    });
    srv.keepAliveTimeout = 60_000;
    srv.listen(port, "127.0.0.1", () => {
      const address = srv.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });

const bound = await Promise.all(Array.from({ length: ports }, () => server(0)));
console.log(JSON.stringify({ ports: bound }));
