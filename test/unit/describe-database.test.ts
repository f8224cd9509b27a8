import { describe, expect, it } from "vitest";
import { describeDatabase, describeLocation } from "../../server/db/dialect";
import type { Db } from "../../server/db/open";

// What the server's start line and the CLI show of the database: a URL's password never reaches a log.
describe("a database as logs show it", () => {
  const url = "postgres://team:s3cret-pw@db.internal:5432/longpref";

  it("hides a PostgreSQL URL's password and leaves a file path as it is", () => {
    expect(describeLocation(url)).toBe("postgres://team:***@db.internal:5432/longpref");
    expect(describeLocation("data/longpref.db")).toBe("data/longpref.db");
  });

  it("names how statements reach PostgreSQL, and how to get the fast way when the server lacks it", () => {
    const pg = (transport: string) => ({ transport }) as unknown as Db;
    expect(describeDatabase(pg("libpq"), url)).toBe("postgres://team:***@db.internal:5432/longpref through libpq");
    const slow = describeDatabase(pg("worker"), url);
    expect(slow).toMatch(/through node-pg in a worker thread: .*npm rebuild libpq/);
    expect(slow).not.toContain("s3cret-pw");
    expect(describeDatabase({} as Db, "data/longpref.db")).toBe("data/longpref.db");
  });
});
