import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/open";
import { fixturePath } from "../helpers/fixtures";
import { emptyTestDatabase } from "../helpers/test-db";

const bin = fileURLToPath(new URL("../../server/cli/bin.js", import.meta.url));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
const tempDir = () => mkdtempSync(join(tmpdir(), "longpref-cli-"));

describe("longpref CLI", () => {
  it("lists its commands with --help", () => {
    const res = cli(["--help"]);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/import/);
    expect(res.stdout).toMatch(/user/);
  });

  it("prints a dry run as JSON without creating the database", () => {
    const db = join(tempDir(), "never.db");
    const res = cli(["import", fixturePath("longwriter/longbench_write.jsonl"), "--name", "LBW", "--dry-run", "--json", "--db", db]);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.count).toBe(120);
    expect(Object.keys(out.instructions[0]).sort()).toEqual([
      "category",
      "external_id",
      "lang",
      "length_range",
      "length_source",
      "prompt",
      "required_length",
    ]);
    expect(out.instructions[119]).toMatchObject({ required_length: 20000, length_range: "[4000,∞)", length_source: "field" });
    expect(existsSync(db)).toBe(false);
  });

  it("imports into the database named by LONGPREF_DB and refuses a bad file with line numbers", () => {
    const dir = tempDir();
    const database = emptyTestDatabase();
    const dbPath = database.location;
    const ok = cli(["import", fixturePath("longwriter/longwrite_ruler.jsonl"), "--name", "Ruler"], { LONGPREF_DB: dbPath });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Imported 48 instructions/);

    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"prompt": "ok", "length": 10}\n{"prompt": ""}\nnope\n');
    const res = cli(["import", bad, "--name", "Bad"], { LONGPREF_DB: dbPath });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/line 2: missing prompt/);
    expect(res.stderr).toMatch(/line 3: not JSON/);

    const db = openDatabase(dbPath);
    const sets = db.prepare("SELECT name FROM instruction_sets").all();
    expect(sets).toEqual([{ name: "Ruler" }]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM instructions").get()).toEqual({ n: 48 });
    db.close();
    database.drop();
  });

  it("adds a user who can then be found with the given role", () => {
    const database = emptyTestDatabase();
    const dbPath = database.location;
    const res = cli(["user", "add", "rita", "--role", "researcher", "--db", dbPath]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Password \(shown once\): \S{8,}/);
    const again = cli(["user", "add", "rita", "--role", "researcher", "--db", dbPath]);
    expect(again.status).toBe(1);
    const wrongRole = cli(["user", "add", "bob", "--role", "boss", "--db", dbPath]);
    expect(wrongRole.status).toBe(2); // a usage error (decision 033)
    expect(wrongRole.stderr).toMatch(/--role/);
    const db = openDatabase(dbPath);
    expect(db.prepare("SELECT username, role FROM users").all()).toEqual([{ username: "rita", role: "researcher" }]);
    db.close();
    database.drop();
  });
});
