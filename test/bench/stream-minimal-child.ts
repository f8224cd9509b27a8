// The floor for the sampling CPU bench: the least a client can do with the same streams as the runner
// (fetch, split the events, JSON.parse each, append the delta), SAMPLES requests, CONCURRENCY at a time,
// to the endpoint at URL. Prints one JSON line: its CPU from the first request to the last answer.
const url = process.env.URL!;
const samples = Number(process.env.SAMPLES ?? 48);
const concurrency = Number(process.env.CONCURRENCY ?? 16);

interface Chunk {
  choices: { delta?: { content?: string } }[];
}

async function one(i: number): Promise<number> {
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "bench", messages: [{ role: "user", content: `Write essay ${i}` }], stream: true }),
  });
  const decoder = new TextDecoder();
  let buffer = "";
  let text = "";
  const reader = res.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += decoder.decode(read.value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const data = buffer.slice(6, end);
      if (data !== "[DONE]") {
        const delta = (JSON.parse(data) as Chunk).choices[0]?.delta?.content;
        if (delta) text += delta;
      }
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
    }
  }
  return text.length;
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let next = 0;
let chars = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < samples) {
      const read = await one(next++);
      chars += read;
    }
  }),
);
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ done: samples, chars, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));

export {};
