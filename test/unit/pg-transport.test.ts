import { afterEach, describe, expect, it } from "vitest";
import { libpqBinding } from "../../server/db/pg/libpq-client";
import { pgTransport } from "../../server/db/pg/pg-connection";

// Which client a PostgreSQL connection uses (LONGPREF_PG_CLIENT): libpq where its binding is built, else
// node-pg in a worker thread; a wrong value is refused by name rather than ignored.
describe("the PostgreSQL client a connection uses", () => {
  const before = process.env.LONGPREF_PG_CLIENT;
  afterEach(() => {
    if (before === undefined) delete process.env.LONGPREF_PG_CLIENT;
    else process.env.LONGPREF_PG_CLIENT = before;
  });

  it("takes libpq where the binding is built and the worker thread where it is not, unless told", () => {
    delete process.env.LONGPREF_PG_CLIENT;
    expect(pgTransport()).toBe(libpqBinding() ? "libpq" : "worker");
    process.env.LONGPREF_PG_CLIENT = "worker";
    expect(pgTransport()).toBe("worker");
    process.env.LONGPREF_PG_CLIENT = "libpq";
    if (libpqBinding()) expect(pgTransport()).toBe("libpq");
    else expect(() => pgTransport()).toThrow(/binding is not built.*npm rebuild libpq/);
  });

  it("refuses a value it does not know, naming it", () => {
    process.env.LONGPREF_PG_CLIENT = "pgbouncer";
    expect(() => pgTransport()).toThrow('LONGPREF_PG_CLIENT must be "libpq" or "worker", not "pgbouncer"');
  });
});
