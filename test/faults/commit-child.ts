import { openSync, writeSync } from "node:fs";
import { openDatabase } from "../../server/db/open";

// A process that commits one row per transaction as fast as it can and appends each id to COMMIT_ACK once
// COMMIT has returned: what it wrote there was acknowledged. A file, not stdout: a pipe the parent is slow to
// read fills up, and Node then queues the writes of a loop that never yields, so the parent saw nothing
// (CI). The parent kills it with SIGKILL and checks every acknowledged id is in the database.
// COMMIT_SYNC picks the synchronous setting.
const db = openDatabase(process.env.COMMIT_DB!);
db.pragma(`synchronous = ${process.env.COMMIT_SYNC ?? "NORMAL"}`);
db.exec("CREATE TABLE IF NOT EXISTS commits (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
const insert = db.prepare("INSERT INTO commits (payload) VALUES (?)");
const payload = "x".repeat(200);
const ack = openSync(process.env.COMMIT_ACK!, "a");
for (;;) {
  const id = db.transaction(() => Number(insert.run(payload).lastInsertRowid))();
  writeSync(ack, `${id}\n`);
}
