import { openDatabase } from "../../server/db/open";

// A process that commits one row per transaction as fast as it can and prints each id once COMMIT has
// returned (stdout to a pipe is synchronous on Linux): what it printed was acknowledged. The parent kills it
// with SIGKILL and checks every printed id is in the file. COMMIT_SYNC picks the synchronous setting.
const db = openDatabase(process.env.COMMIT_DB!);
db.pragma(`synchronous = ${process.env.COMMIT_SYNC ?? "NORMAL"}`);
// No checkpoints: under NORMAL they are the only fsyncs, and on a disk busy with other tests' writes one
// can stall for a minute (seen in CI). A commit's survival never depends on them: it is in the WAL.
db.pragma("wal_autocheckpoint = 0");
db.exec("CREATE TABLE IF NOT EXISTS commits (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
const insert = db.prepare("INSERT INTO commits (payload) VALUES (?)");
const payload = "x".repeat(200);
for (;;) {
  const id = db.transaction(() => Number(insert.run(payload).lastInsertRowid))();
  process.stdout.write(`${id}\n`);
}
