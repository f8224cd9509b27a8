import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/open";
import { noWait, readAhead } from "../../server/db/repos/sql-dialect";
import { countWaits, pgTransports, transportDatabase } from "../helpers/pg-transports";

// Reads sent ahead (readAhead, decision 050): inside a transaction on libpq they travel in the pipeline with the
// statements around them and are answered with the next statement that is waited for. Whatever the transport, a
// read ahead answers what a read at its place in the transaction would, and a failure fails the transaction.
// Runs in the PostgreSQL pass (LONGPREF_TEST_PG).

for (const { transport, skip } of pgTransports)
  describe.skipIf(skip)(`reads sent ahead in transactions, through ${transport}`, () => {
    const connections = transportDatabase(transport, "CREATE TABLE c (id BIGINT PRIMARY KEY, n INTEGER NOT NULL)");
    let db: Db;
    let observer: Db;
    beforeAll(() => ({ db, observer } = connections));
    let waits: ReturnType<typeof countWaits>;
    beforeEach(() => {
      db.exec("DELETE FROM c");
      db.prepare("INSERT INTO c (id, n) VALUES (1, 0), (2, 0)").run();
      waits = countWaits();
    });
    afterEach(() => waits.restore());

    const bump = () => db.prepare<[number]>(`UPDATE c SET n = n + 1 WHERE id = ? ${noWait}`);
    const nStatement = () => db.prepare<[number], number>("SELECT n FROM c WHERE id = ?").pluck();
    const nOf = (on: Db, id: number) => on.prepare("SELECT n FROM c WHERE id = ?").pluck().get(id);

    it("answers each read what was written before it, all in the round trip of the next statement waited for", () => {
      waits.counter.on = true;
      const seen = db.transaction(() => {
        bump().run(1);
        const first = readAhead(nStatement(), 1);
        bump().run(1);
        const second = readAhead(nStatement(), 1);
        const other = nOf(db, 2);
        return [first(), second(), other];
      })();
      waits.counter.on = false;
      expect(seen).toEqual([[1], [2], 0]);
      expect(nOf(observer, 1)).toBe(2);
      // BEGIN, the writer lock, the writes and the reads in one round trip; COMMIT in one more.
      if (transport === "libpq") expect(waits.counter.waits).toBe(2);
    });

    it("ends the pipeline itself when its answer is asked first, and keeps the answer", () => {
      const answers = db.transaction(() => {
        bump().run(1);
        const ahead = readAhead(nStatement(), 1);
        const once = ahead();
        bump().run(1);
        return [once, ahead(), nOf(db, 1)];
      })();
      expect(answers).toEqual([[1], [1], 2]);
    });

    it("fails the transaction with its error, keeps nothing, and an answer not read is lost", () => {
      const divide = db.prepare<[number], number>("SELECT 1 / n FROM c WHERE id = ?").pluck();
      let answer: (() => number[]) | undefined;
      const attempt = db.transaction(() => {
        bump().run(2);
        answer = readAhead(divide, 1); // n = 0
        bump().run(2);
        return nOf(db, 2);
      });
      expect(attempt).toThrow(/division by zero/);
      expect([nOf(observer, 1), nOf(observer, 2), db.inTransaction]).toEqual([0, 0, false]);
      // libpq sent it and never got its answer; the worker thread's client ran it at once, which threw.
      expect(answer === undefined).toBe(transport === "worker");
      if (answer) expect(answer).toThrow(/answer of a statement sent ahead was lost/);
      expect(db.transaction(() => readAhead(nStatement(), 2)())()).toEqual([0]);
    });

    it("runs at once outside a transaction", () => {
      const ahead = readAhead(nStatement(), 1);
      db.prepare("UPDATE c SET n = 5 WHERE id = 1").run();
      expect([ahead(), nOf(db, 1)]).toEqual([[0], 5]);
    });
  });
