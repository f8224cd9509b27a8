import { createServer } from "node:http";

// A separate process for the sampling benchmark, so its CPU is not the runner's: answers every
// chat completion after DELAY_MS, then streams TOKENS tokens in CHUNKS server-sent events.
const delayMs = Number(process.env.DELAY_MS ?? 200);
const tokens = Number(process.env.TOKENS ?? 2000);
const chunks = Number(process.env.CHUNKS ?? 50);
const perChunk = Math.ceil(tokens / chunks);
const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const piece = event({
  id: "b",
  object: "chat.completion.chunk",
  created: 0,
  model: "bench",
  choices: [{ index: 0, delta: { content: " word".repeat(perChunk) }, finish_reason: null }],
});
const tail =
  event({
    id: "b",
    object: "chat.completion.chunk",
    created: 0,
    model: "bench",
    choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
  }) +
  event({
    id: "b",
    object: "chat.completion.chunk",
    created: 0,
    model: "bench",
    choices: [],
    usage: { prompt_tokens: 20, completion_tokens: tokens, total_tokens: tokens + 20 },
  }) +
  "data: [DONE]\n\n";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < chunks; i++) res.write(piece);
      res.end(tail);
    }, delayMs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
