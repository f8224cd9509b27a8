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

// Peak RSS sampled here: getrusage's maxRSS survives exec, so it would report the parent's peak at fork.
let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100).unref();

process.on("message", (m) => {
  if (m === "cpu") {
    const { user, system } = process.cpuUsage();
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    process.send!({ cpuMs: (user + system) / 1000, rssMb: rss / 2 ** 20, peakRssMb: peakRss / 2 ** 20 });
  }
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
  db.close();
  process.exit(0);
});
