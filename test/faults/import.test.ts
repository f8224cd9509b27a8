import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { faultDir, integrity } from "./fault-db";
import { send, sleep } from "./http";
import { adminPassword, freePort, login, ServerProcess } from "../helpers/server-process";

// A 100,000-instruction JSONL import (14 MB) over HTTP takes the server a few seconds to parse and write in
// one transaction. It is killed once while parsing and once while writing (the WAL growing with the
// transaction's pages, no commit yet); after each restart there is no set at all, then the same import works.
const instructions = 100_000;
const name = "faults-import";
const content = Array.from({ length: instructions }, (_, i) =>
  JSON.stringify({ id: `i${i}`, prompt: `Write a story about item ${i} in a garden by the river, with a stranger and a lantern.`, length: 500 + (i % 8) * 250 }),
).join("\n");

const dir = faultDir("import");
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  dir.remove();
});

const walBytes = () => {
  try {
    return statSync(`${dir.dbPath}-wal`).size;
  } catch {
    return 0;
  }
};

interface AfterKill {
  moment: string;
  sets: { name: string; n: number }[];
  orphans: number;
  integrity: string;
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
    const inspect = (moment: string, setName: string): AfterKill => {
      const db = openDatabase(dir.dbPath);
      try {
        const sets = db
          .prepare("SELECT s.name, (SELECT COUNT(*) FROM instructions i WHERE i.set_id = s.id) AS n FROM instruction_sets s WHERE s.name = ?")
          .all(setName) as { name: string; n: number }[];
        const orphans = (db.prepare("SELECT COUNT(*) AS n FROM instructions WHERE set_id NOT IN (SELECT id FROM instruction_sets)").get() as { n: number }).n;
        return { moment, sets, orphans, integrity: integrity(db) };
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
      const found = inspect(`${moment}, ${outcome}`, setName);
      await server!.start();
      return found;
    };

    const results: AfterKill[] = [];
    // While inserting: the uncommitted transaction's pages spill into the WAL (about 19 MB in all); kill as
    // soon as 2 MB are there, long before the commit.
    results.push(
      await killedDuring(`${name}-inserting`, async () => {
        const before = walBytes();
        const deadline = Date.now() + 30_000;
        while (walBytes() < before + 2 * 2 ** 20) {
          if (Date.now() > deadline) throw new Error("the import never reached the WAL");
          await sleep(5);
        }
        return `while inserting (WAL ${(walBytes() / 2 ** 20).toFixed(1)} MB)`;
      }),
    );
    // While parsing: the body is in, the file is being read, nothing written yet.
    results.push(
      await killedDuring(`${name}-parsing`, async (sentAt) => {
        await sleep(150 + Math.random() * 250);
        return `while parsing, ${(performance.now() - sentAt).toFixed(0)} ms after sending (WAL ${(walBytes() / 2 ** 20).toFixed(1)} MB)`;
      }),
    );

    const cookie = await login(server.url, "admin", adminPassword);
    const again = await send(server.url, "POST", "/api/instruction-sets/import", cookie, bodyNamed(name));
    await server.kill();
    const final = inspect("after the import", name);
    const seconds = (performance.now() - started) / 1000;

    const partial = results.filter((r) => r.sets.some((s) => s.n !== instructions));
    console.log(
      `faults import: ${instructions.toLocaleString("en-US")} instructions; ` +
        results.map((r) => `killed ${r.moment}: ${r.sets.length === 0 ? "no set" : `set with ${r.sets[0]!.n} instructions`}, ${r.orphans} orphans, integrity ${r.integrity}`).join("; ") +
        `; ${partial.length} partial sets; the same import then answered ${again.status} with ${(final.sets[0]?.n ?? 0).toLocaleString("en-US")} instructions, integrity ${final.integrity}, ${seconds.toFixed(1)} s`,
    );
    expect(partial).toEqual([]);
    for (const r of results) {
      expect(r.orphans).toBe(0);
      expect(r.integrity).toBe("ok");
    }
    // Killed before the commit both times: nothing of the set may be there.
    expect(results.map((r) => r.sets)).toEqual([[], []]);
    expect(again.status).toBe(201);
    expect(final.sets).toEqual([{ name, n: instructions }]);
    expect(final.orphans).toBe(0);
    expect(final.integrity).toBe("ok");
  }, 180_000);
});
