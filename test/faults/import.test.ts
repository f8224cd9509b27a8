import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { faultDir, integrity } from "./fault-db";
import { send, sleep } from "./http";
import { adminPassword, freePort, login, ServerProcess } from "../helpers/server-process";
import { testPg } from "../helpers/test-db";

// A 100,000-instruction JSONL import (14 MB) over HTTP takes the server a few seconds to parse (in a worker
// thread) and write (in short committed chunks under a hidden set, published by a last tiny transaction).
// It is killed once while parsing and once while writing (a fifth of the rows committed under the hidden
// set); right after each kill no set of that name is visible, after the restart not one row of the
// unfinished import is left, and then the same import works.
const instructions = 100_000;
const name = "faults-import";
const content = Array.from({ length: instructions }, (_, i) =>
  JSON.stringify({
    id: `i${i}`,
    prompt: `Write a story about item ${i} in a garden by the river, with a stranger and a lantern.`,
    length: 500 + (i % 8) * 250,
  }),
).join("\n");

const dir = faultDir("import");
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

/** Rows committed so far under sets that are still being imported (a reader of its own, as WAL allows). */
const hiddenRows = () => {
  const db = testPg ? openDatabase(dir.dbPath) : new Database(dir.dbPath, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare("SELECT COUNT(*) AS n FROM instructions WHERE set_id IN (SELECT id FROM instruction_sets WHERE status <> 'ready')")
        .get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
};

interface Inspection {
  sets: { name: string; n: number }[];
  orphans: number;
  /** Sets still hidden (importing or deleting) and the instructions under them. */
  hidden: { sets: number; rows: number };
  integrity: string;
}

interface AfterKill {
  moment: string;
  /** Opened again right after the kill (WAL recovery included). */
  killed: Inspection;
  /** After the restart, which removes what the killed import left. */
  restarted: Inspection;
}

describe("an instruction import while the server is killed with SIGKILL", () => {
  it("leaves no set or the whole set, never part of one, and the same import then succeeds", async () => {
    server = new ServerProcess(dir.dbPath, await freePort());
    await server.start();
    const started = performance.now();
    // Each attempt imports under its own name, so a kill that lands after a commit cannot turn the next
    // attempt into a 409.
    const bodyNamed = (setName: string) => ({ name: setName, format: "jsonl", file_name: "faults.jsonl", content });

    // What the database holds once the killed server's file is opened again (WAL recovery included).
    const inspect = (setName: string): Inspection => {
      const db = openDatabase(dir.dbPath);
      try {
        const sets = db
          .prepare(
            "SELECT s.name, (SELECT COUNT(*) FROM instructions i WHERE i.set_id = s.id) AS n FROM instruction_sets s WHERE s.name = ?",
          )
          .all(setName) as { name: string; n: number }[];
        const orphans = (
          db.prepare("SELECT COUNT(*) AS n FROM instructions WHERE set_id NOT IN (SELECT id FROM instruction_sets)").get() as { n: number }
        ).n;
        const hidden = db
          .prepare(
            `SELECT COUNT(*) AS sets, COALESCE(SUM((SELECT COUNT(*) FROM instructions i WHERE i.set_id = s.id)), 0) AS rows
             FROM instruction_sets s WHERE s.status <> 'ready'`,
          )
          .get() as { sets: number; rows: number };
        return { sets, orphans, hidden, integrity: integrity(db) };
      } finally {
        db.close();
      }
    };

    const killedDuring = async (setName: string, until: (sentAt: number) => Promise<string>): Promise<AfterKill> => {
      const cookie = await login(server!.url, "admin", adminPassword);
      const answer = send(server!.url, "POST", "/api/instruction-sets/import", cookie, bodyNamed(setName)).then(
        (a) => `answered ${a.status}`,
        () => "connection lost",
      );
      const moment = await until(performance.now());
      await server!.kill();
      const outcome = await answer;
      const killed = inspect(setName);
      await server!.start();
      return { moment: `${moment}, ${outcome}`, killed, restarted: inspect(setName) };
    };

    const results: AfterKill[] = [];
    // While inserting: kill once a fifth of the rows are committed in chunks under the hidden set, long
    // before the last transaction publishes it.
    results.push(
      await killedDuring(`${name}-inserting`, async () => {
        const deadline = Date.now() + 60_000;
        while (hiddenRows() < instructions / 5) {
          if (Date.now() > deadline) throw new Error("the import never committed a chunk");
          await sleep(5);
        }
        return `while inserting (${hiddenRows().toLocaleString("en-US")} rows committed under the hidden set)`;
      }),
    );
    // While parsing: the body is in, the file is being read, nothing written yet.
    results.push(
      await killedDuring(`${name}-parsing`, async (sentAt) => {
        await sleep(150 + Math.random() * 250);
        return `while parsing, ${(performance.now() - sentAt).toFixed(0)} ms after sending (${hiddenRows()} rows written)`;
      }),
    );

    const cookie = await login(server.url, "admin", adminPassword);
    const again = await send(server.url, "POST", "/api/instruction-sets/import", cookie, bodyNamed(name));
    await server.kill();
    const final = inspect(name);
    const seconds = (performance.now() - started) / 1000;

    const inspections = results.flatMap((r) => [r.killed, r.restarted]);
    const partial = inspections.filter((i) => i.sets.some((s) => s.n !== instructions));
    const shown = (i: Inspection) =>
      `${i.sets.length === 0 ? "no set" : `set with ${i.sets[0]!.n} instructions`}, ${i.hidden.rows.toLocaleString("en-US")} hidden rows, ${i.orphans} orphans, integrity ${i.integrity}`;
    console.log(
      `faults import: ${instructions.toLocaleString("en-US")} instructions; ` +
        results.map((r) => `killed ${r.moment}: ${shown(r.killed)}; after the restart ${shown(r.restarted)}`).join("; ") +
        `; ${partial.length} partial sets; the same import then answered ${again.status} with ${(final.sets[0]?.n ?? 0).toLocaleString("en-US")} instructions, integrity ${final.integrity}, ${seconds.toFixed(1)} s`,
    );
    expect(partial).toEqual([]);
    for (const i of inspections) {
      expect(i.orphans).toBe(0);
      expect(i.integrity).toBe("ok");
    }
    // Killed before the publishing transaction both times: no set of that name, and after the restart not a
    // row of the unfinished import.
    expect(inspections.map((i) => i.sets)).toEqual([[], [], [], []]);
    expect(results.map((r) => r.restarted.hidden)).toEqual([
      { sets: 0, rows: 0 },
      { sets: 0, rows: 0 },
    ]);
    expect(results[0]!.killed.hidden.rows).toBeGreaterThan(0);
    expect(again.status).toBe(201);
    expect(final.sets).toEqual([{ name, n: instructions }]);
    expect(final.orphans).toBe(0);
    expect(final.hidden).toEqual({ sets: 0, rows: 0 });
    expect(final.integrity).toBe("ok");
  }, 180_000);
});
