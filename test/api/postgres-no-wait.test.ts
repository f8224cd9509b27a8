import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/open";
import { noWait } from "../../server/db/repos/sql-dialect";
import { pgTransports, transportDatabase } from "../helpers/pg-transports";

// Writes marked noWait (pg-connection.ts): inside a transaction on libpq they are sent without waiting and
// travel with the next statement that is waited for (pipeline mode). Whatever the transport, a transaction
// keeps its meaning: its writes are seen by its later reads, a failed write fails the whole transaction and
// keeps none of it, and the connection goes on working. Runs in the PostgreSQL pass (LONGPREF_TEST_PG).

for (const { transport, skip } of pgTransports)
  describe.skipIf(skip)(`noWait writes in transactions, through ${transport}`, () => {
    const connections = transportDatabase(transport, "CREATE TABLE c (id BIGINT PRIMARY KEY, n INTEGER NOT NULL, name TEXT UNIQUE)");
    let db: Db;
    let observer: Db;
    beforeAll(() => ({ db, observer } = connections));
    beforeEach(() => {
      db.exec("DELETE FROM c");
      db.prepare("INSERT INTO c (id, n, name) VALUES (1, 0, 'one'), (2, 0, 'two')").run();
    });

    const bump = () => db.prepare<[number]>(`UPDATE c SET n = n + 1 WHERE id = ? ${noWait}`);
    const rename = () => db.prepare<[string, number]>(`UPDATE c SET name = ? WHERE id = ? ${noWait}`);
    const nOf = (on: Db, id: number) => on.prepare("SELECT n FROM c WHERE id = ?").pluck().get(id);
    const names = (on: Db) => on.prepare("SELECT name FROM c ORDER BY id").pluck().all();

    it("shows its writes to the transaction's later reads, in order, and commits them", () => {
      const seen = db.transaction(() => {
        bump().run(1);
        bump().run(1);
        const mid = nOf(db, 1);
        bump().run(2);
        return mid;
      })();
      expect(seen).toBe(2);
      expect([nOf(observer, 1), nOf(observer, 2)]).toEqual([2, 1]);
    });

    it("fails the whole transaction when one fails, keeps none of it, and the connection works on", () => {
      const attempt = db.transaction(() => {
        bump().run(1);
        rename().run("one", 2); // the UNIQUE name: fails
        bump().run(1);
        return nOf(db, 1);
      });
      expect(attempt).toThrow(/duplicate key value violates unique constraint/);
      expect([nOf(observer, 1), nOf(observer, 2), names(observer)]).toEqual([0, 0, ["one", "two"]]);
      // Failing as the last write before COMMIT: the commit fails, nothing is kept, no transaction stays open.
      expect(
        db.transaction(() => {
          bump().run(2);
          rename().run("two", 1);
        }),
      ).toThrow(/duplicate key value violates unique constraint/);
      expect([nOf(observer, 1), nOf(observer, 2), names(observer)]).toEqual([0, 0, ["one", "two"]]);
      db.transaction(() => bump().run(2))();
      bump().run(2); // outside a transaction: at once, on its own
      expect([nOf(observer, 2), db.inTransaction]).toEqual([2, false]);
    });

    it("rolls back writes sent without waiting when the transaction's own code throws", () => {
      expect(
        db.transaction(() => {
          bump().run(1);
          throw new Error("changed my mind");
        }),
      ).toThrow("changed my mind");
      expect(nOf(observer, 1)).toBe(0);
      expect(db.transaction(() => nOf(db, 1))()).toBe(0);
    });

    it("keeps a savepoint's rollback to its own writes", () => {
      const outer = db.transaction(() => {
        bump().run(1);
        expect(
          db.transaction(() => {
            bump().run(2);
            rename().run("one", 2);
            return nOf(db, 2);
          }),
        ).toThrow(/duplicate key/);
        bump().run(1);
      });
      outer();
      expect([nOf(observer, 1), nOf(observer, 2)]).toEqual([2, 0]);
      // The failed write still unread when the savepoint's own code throws: rolled back to the savepoint all the same.
      db.transaction(() => {
        bump().run(1);
        expect(
          db.transaction(() => {
            rename().run("one", 2);
            throw new Error("gave up");
          }),
        ).toThrow(transport === "libpq" ? "gave up" : /duplicate key/); // the worker client waits, so fails at the write
        bump().run(1);
      })();
      expect([nOf(observer, 1), names(observer)]).toEqual([4, ["one", "two"]]);
    });

    it.runIf(transport === "libpq")("does not tell a write's count when it was sent without waiting (nobody reads it)", () => {
      db.transaction(() => {
        const result = bump().run(1);
        expect(() => result.changes).toThrow(/noWait/);
      })();
      expect(bump().run(1).changes).toBe(1);
    });
  });
