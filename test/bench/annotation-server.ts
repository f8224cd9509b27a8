import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { silentLogger } from "../../server/logger";

// The annotation bench's server, in its own process so the load generator does not share its event loop:
// the real app on DB_PATH, on 127.0.0.1 at a free port, printed as one JSON line. Over IPC it answers
// "cpu" with its CPU time and memory so far; SIGTERM closes the database and exits (so --cpu-prof gets written).
const db = openDatabase(process.env.DB_PATH!);
migrate(db);
const app = createApp({ db, log: silentLogger });
const server = app.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
server.keepAliveTimeout = 60_000;

// Time each next-item and submit spends in this process, from its request's headers to its answer's last byte
// handed to the kernel: the rest of what the load generator measures is waiting for this process (one request
// at a time on a synchronous database connection) and the network. "handlers" over IPC answers and clears them.
const handled: { next: number[]; submit: number[] } = { next: [], submit: [] };
server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
  const kind = req.url?.endsWith("/next") ? "next" : req.url?.endsWith("/judgment") ? "submit" : null;
  if (kind === null) return;
  const start = performance.now();
  res.once("finish", () => handled[kind].push(performance.now() - start));
});

// Peak RSS sampled here: getrusage's maxRSS survives exec, so it would report the parent's peak at fork.
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();

process.on("message", (m) => {
  if (m === "cpu") {
    const { user, system } = process.cpuUsage();
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    process.send!({ cpuMs: (user + system) / 1000, rssMb: rss / 2 ** 20, peakRssMb: peakRss / 2 ** 20 });
  } else if (m === "handlers") {
    process.send!({ ...handled });
    handled.next = [];
    handled.submit = [];
  }
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
  db.close();
  process.exit(0);
});
