import type { Command } from "commander";
import { createContext } from "../context";
import { describeLocation } from "../db/dialect";
import { silentLogger } from "../logger";
import { cliRunner } from "./cli-runner";
import { openMigrated, resolveDbPath } from "./open-db";

interface WorkerOptions {
  db?: string;
  json?: boolean;
}

export function registerWorkerCommand(program: Command) {
  program
    .command("worker")
    .description(
      "run sampling and judge jobs until stopped (SIGTERM or Ctrl-C hand running work back), on this machine or another one sharing the database",
    )
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .option("--json", 'print one JSON object a line: {"event": "started" | "stopped", ...}')
    .action(async (opts: WorkerOptions) => {
      await work(opts);
    });
}

/**
 * A runner with no HTTP server: it leases work from the jobs that are running, like the server's own runner,
 * under the same per-model limits (slots leased in the database), so any number of workers and servers may
 * share one database. A worker killed without warning loses nothing: its leases end and another takes the work.
 */
async function work(opts: WorkerOptions) {
  const location = describeLocation(resolveDbPath(opts.db));
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  const runner = cliRunner(ctx).start();
  const say = (event: string, text: string) =>
    console.log(opts.json ? JSON.stringify({ event, worker: runner.owner, database: location }) : text);
  say("started", `Worker ${runner.owner} on ${location}: running sampling and judge jobs until stopped (SIGTERM or Ctrl-C)`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  // Running items are aborted and handed back to their queue before the database closes.
  await runner.stop();
  db.close();
  say("stopped", `Worker ${runner.owner} stopped (${signal}); its running work went back to the queue`);
}
