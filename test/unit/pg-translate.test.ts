import { describe, expect, it } from "vitest";
import { translate } from "../../server/db/pg/translate";

describe("SQLite statements as PostgreSQL reads them", () => {
  it("numbers positional parameters in order", () => {
    const t = translate("SELECT * FROM x WHERE a = ? AND b IN (?, ?)");
    expect(t.text).toBe("SELECT * FROM x WHERE a = $1 AND b IN ($2, $3)");
    expect(t.names).toBeNull();
    expect(t.count).toBe(3);
  });

  it("gives each named parameter one number, whichever prefix it was written with", () => {
    const t = translate("UPDATE x SET a = @a, b = :b WHERE c = $c AND d = @a");
    expect(t.text).toBe("UPDATE x SET a = $1, b = $2 WHERE c = $3 AND d = $1");
    expect(t.names).toEqual(["a", "b", "c"]);
  });

  it("leaves literals, quoted names, comments and casts alone", () => {
    const t = translate(`SELECT '?@a:b''?', "we?ird", x::text -- what @now?\nFROM y /* :z ? */ WHERE q = ?`);
    expect(t.text).toBe(`SELECT '?@a:b''?', "we?ird", x::text -- what @now?\nFROM y /* :z ? */ WHERE q = $1`);
    expect(t.count).toBe(1);
  });

  it("refuses a statement that mixes positional and named parameters", () => {
    expect(() => translate("SELECT ? , @a")).toThrow(/mixes/);
  });

  it("turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, before RETURNING", () => {
    expect(translate("INSERT OR IGNORE INTO t (a) VALUES (?)").text).toBe("INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING");
    expect(translate("  insert or ignore into t (a) VALUES (?) RETURNING id;").text).toBe(
      "  INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id",
    );
  });

  it("quotes camelCase aliases, which PostgreSQL would fold to lower case, and no type names", () => {
    const t = translate("SELECT COUNT(*) AS totalCount, CAST(x AS TEXT) AS plain, y AS withId FROM t");
    expect(t.text).toBe('SELECT COUNT(*) AS "totalCount", CAST(x AS TEXT) AS plain, y AS "withId" FROM t');
  });

  it("tells statements that answer rows from those that do not", () => {
    expect(translate("SELECT 1").reader).toBe(true);
    expect(translate("WITH a AS (SELECT 1) SELECT * FROM a").reader).toBe(true);
    expect(translate("UPDATE t SET a = 1 RETURNING id").reader).toBe(true);
    expect(translate("DELETE FROM t WHERE id = ?").reader).toBe(false);
  });
});
