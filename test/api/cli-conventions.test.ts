import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiErrorSchema } from "../../shared/schemas/error";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { runCli } from "../helpers/cli";
import { createSet, createUser, createWorkspace, type Workspace } from "../helpers/factories";
import { testApp, type TestApp } from "../helpers/test-app";
import { testPg } from "../helpers/test-db";

// One database for the whole file: a workspace (set, writer/reference/judge models, pair run, campaign), a
// second set named with the first one's id (the id-or-name rule), a model whose key and URL carry secrets
// and a user with a known password (what `ls` must never print).
let t: TestApp;
let w: Workspace;
let dir: string;
let env: Record<string, string>;
let digitSet: { id: number; name: string };
const keyValue = "sk-planted-key-value";
const urlSecret = "sk-in-the-url";
const userPassword = "planted password 123";

beforeAll(async () => {
  t = testApp();
  w = await createWorkspace(t.ctx, { withOutputs: 6, writerSamples: 3 });
  const digits = String(w.set.id);
  const made = createSet(t.ctx, { name: digits, instructions: 2 });
  digitSet = { id: made.id, name: digits };
  t.ctx.models.create(
    {
      ...fieldsFromBody({ name: "keyed", base_urls: ["https://api.example.com/v1"], model: "gpt-x", api_key_env: "LONGPREF_KEY_PLANTED" }),
      // Written past the API's checks, as an old row could hold it: the listing shows the host only.
      base_urls: [`https://user:${urlSecret}@llm.example.org:8443/v1?key=${urlSecret}`],
    },
    "ui",
    new Date(),
  );
  await createUser(t.ctx, "pat", "researcher", userPassword);
  dir = mkdtempSync(join(tmpdir(), "longpref-cli-conv-"));
  env = { LONGPREF_DB: t.dbPath, LONGPREF_KEY_PLANTED: keyValue };
});
afterAll(() => t?.close());

// Each run starts tsx (seconds of CPU): a few at a time, so the machine's other work is not starved.
const limit = pLimit(3);
const cli = (args: string[]) => limit(() => runCli(args, env));
const proposals = () => ["export", "--from", "proposals", "--run", String(w.pairRunId)];

/** stderr under --json: exactly one JSON object, the HTTP API's error body. */
function jsonError(stderr: string) {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  return ApiErrorSchema.parse(JSON.parse(lines[0]!));
}

describe("longpref CLI conventions", { timeout: 240_000 }, () => {
  it("prints its version with --version and -V, and documents the exit codes in --help", async () => {
    const version = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version as string;
    const [long, short, help] = await Promise.all([cli(["--version"]), cli(["-V"]), cli(["--help"])]);
    for (const res of [long, short]) {
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toBe(`${version}\n`);
    }
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 done; 1 failed .*\n.*; 2 usage error/);
    expect(help.stdout).toContain('"error": "usage"');
    expect(help.stdout).toMatch(/ls \[options\] <what>\s+list the ids and names/);
  });

  it("exits 2 for usage errors and 1 for failures, each error one JSON object on stderr under --json", async () => {
    const stats = join(dir, "battles.jsonl");
    writeFileSync(stats, "not json\n");
    const backupFile = join(dir, "existing.db");
    writeFileSync(backupFile, "keep");
    const cases: { args: string[]; code: 1 | 2; error: string; message?: RegExp }[] = [
      // commander's refusals
      { args: ["frobnicate"], code: 2, error: "usage", message: /unknown command 'frobnicate'/ },
      { args: [...proposals(), "-o", join(dir, "a.jsonl"), "--bogus"], code: 2, error: "usage", message: /unknown option '--bogus'/ },
      { args: ["export", "--run", "1", "-o", join(dir, "a.jsonl")], code: 2, error: "usage", message: /--from/ },
      { args: ["ls", "things"], code: 2, error: "usage", message: /Allowed choices are sets, models/ },
      { args: ["user", "list", "--all"], code: 2, error: "usage" },
      // the commands' own checks of option values and combinations
      {
        args: [...proposals(), "--min-agreement", "3", "-o", join(dir, "a.jsonl")],
        code: 2,
        error: "usage",
        message: /^--min-agreement: /,
      },
      {
        args: [...proposals(), "--test-share", "0.5", "-o", "-"],
        code: 2,
        error: "usage",
        message: /--test-share: a split writes two files/,
      },
      { args: ["export", "--from", "proposals", "--run", "first", "-o", "-"], code: 2, error: "usage", message: /^--run: an id/ },
      { args: ["judge", "--set", w.set.name, "--judge", "nope", "--max-answers", "0"], code: 2, error: "usage", message: /--max-answers/ },
      { args: ["stats", stats, "--reference", "x", "--seed", "x"], code: 2, error: "usage", message: /--seed: an integer/ },
      // failures: what the command line names is missing, refused or already there
      {
        args: [...proposals().slice(0, 3), "--run", "999", "-o", join(dir, "a.jsonl")],
        code: 1,
        error: "not_found",
        message: /^--run: pair run 999 not found$/,
      },
      {
        args: ["sample", "--set", "999", "--model", w.models.writer.name],
        code: 1,
        error: "not_found",
        message: /--set: no instruction set with id 999 or named "999"/,
      },
      {
        args: ["import-outputs", join(dir, "none.jsonl"), "--set", "nope"],
        code: 1,
        error: "not_found",
        message: /--set: no instruction set named "nope"/,
      },
      { args: ["import", join(dir, "none.jsonl"), "--name", "x"], code: 1, error: "not_found", message: /none\.jsonl/ },
      { args: ["eval-length", stats], code: 1, error: "invalid_file", message: /1 bad line; nothing scored/ },
      // On PostgreSQL the backup is pg_dump's, refused before any file is looked at.
      testPg
        ? { args: ["backup", backupFile], code: 1, error: "use_pg_dump", message: /pg_dump/ }
        : { args: ["backup", backupFile], code: 1, error: "exists", message: /exists; choose another name or add --force/ },
      { args: ["restore", join(dir, "none.db"), "--db", join(dir, "r.db")], code: 1, error: "not_found", message: /no backup at/ },
      // A bad value is refused before the database is opened: no file is created.
      {
        args: ["export", "--from", "nope", "-o", join(dir, "b.jsonl"), "--db", join(dir, "untouched.db")],
        code: 2,
        error: "usage",
        message: /--from: /,
      },
    ];
    const results = await Promise.all(cases.map((c) => cli([...c.args, "--json"])));
    results.forEach((res, i) => {
      const c = cases[i]!;
      expect(res.status, `${c.args.join(" ")}: ${res.stderr}`).toBe(c.code);
      expect(res.stdout, c.args.join(" ")).toBe("");
      const body = jsonError(res.stderr);
      expect(body.error, c.args.join(" ")).toBe(c.error);
      if (c.message) expect(body.message).toMatch(c.message);
    });
    expect(existsSync(join(dir, "untouched.db"))).toBe(false);
    // A refused file lists its lines; every problem of a usage error is named.
    expect(jsonError(results[14]!.stderr).details).toEqual({ lines: [{ line: 1, message: expect.any(String) }] });
    expect(jsonError(results[8]!.stderr).details).toEqual({
      problems: ["--max-answers: an integer from 1 to 10", '--judge: no model named "nope"'],
    });
    expect(readFileSync(backupFile, "utf8")).toBe("keep");

    // Without --json: the same exit codes, plain lines.
    const [usage, missing] = await Promise.all([
      cli(["sample", "--set", "nope", "--model", w.models.writer.name, "--n", "0"]),
      cli(["sample", "--set", "nope", "--model", "nobody"]),
    ]);
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toEqual(["--n: an integer from 1 to 64", '--set: no instruction set named "nope"']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split("\n")).toEqual(['--set: no instruction set named "nope"', '--model: no model named "nobody"']);
  });

  it("writes an export to stdout with --out - (the same bytes as the file, the summary on stderr)", async () => {
    const file = join(dir, "pairs.jsonl");
    const [toFile, toStdout, plain] = await Promise.all([
      cli([...proposals(), "--provenance", "-o", file]),
      cli([...proposals(), "--provenance", "--out", "-", "--json"]),
      cli([...proposals(), "--provenance", "-o", "-"]),
    ]);
    expect(toFile.status, toFile.stderr).toBe(0);
    expect(toStdout.status, toStdout.stderr).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(0);
    expect(Buffer.from(toStdout.stdout, "utf8").equals(bytes)).toBe(true);
    expect(JSON.parse(toStdout.stderr)).toEqual({ rows: bytes.toString().trimEnd().split("\n").length, bytes: bytes.length, file: "-" });
    expect(existsSync(join(process.cwd(), "-"))).toBe(false);
    expect(plain.stdout).toBe(toStdout.stdout);
    expect(plain.stderr).toBe(`Wrote ${bytes.toString().trimEnd().split("\n").length} rows (${bytes.length} bytes) to standard output\n`);
  });

  it("refuses a missing folder before writing anything, and an existing file unless --force", async () => {
    const missing = await cli([...proposals(), "-o", join(dir, "no-such-folder", "x.jsonl")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(
      `--out: cannot write ${join(dir, "no-such-folder", "x.jsonl")}: ${join(dir, "no-such-folder")} is not an existing folder`,
    );
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);

    const out = join(dir, "kept.jsonl");
    writeFileSync(out, "keep me\n");
    const refused = await cli([...proposals(), "-o", out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(`--out: ${out} exists; choose another name or add --force to replace it`);
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    const forced = await cli([...proposals(), "-o", out, "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^\{"prompt"/);
    expect(readdirSync(dir).filter((f) => f.includes("partial"))).toEqual([]);
  });

  it("takes an id or a name for --set, --model, --judge and --campaign; digits are an id first, and an ambiguity is told", async () => {
    const bySet = (ref: string) => cli(["export", "--from", "sft", "--set", ref, "-o", "-"]);
    const [byName, byId, ambiguous, campaign, model] = await Promise.all([
      bySet(w.set.name),
      bySet(String(w.set.id)),
      bySet(digitSet.name),
      cli(["export", "--from", "battles", "--campaign", w.campaign.name, "-o", "-"]),
      cli(["sample", "--set", String(w.set.id), "--model", String(w.models.reference.id), "--json"]),
    ]);
    expect(byName.status, byName.stderr).toBe(0);
    expect(byName.stdout.length).toBeGreaterThan(0);
    expect(byId.stdout).toBe(byName.stdout);
    // The digits are the first set's id and the second set's name: the id wins, the other is named.
    expect(ambiguous.stdout).toBe(byName.stdout);
    expect(ambiguous.stderr).toContain(
      `--set ${digitSet.name}: taken as the id of instruction set ${w.set.id}; the instruction set named "${digitSet.name}" is --set ${digitSet.id}`,
    );
    // Resolved by name, then refused for what the campaign holds (no judgments yet).
    expect(campaign.status).toBe(1);
    expect(campaign.stderr).toContain(`nothing to export: judgments of campaign ${w.campaign.id} ("${w.campaign.name}")`);
    // Resolved by ids: the model found is the reference without an endpoint.
    expect(model.status).toBe(1);
    expect(jsonError(model.stderr).message).toContain(`model "${w.models.reference.name}" has no base URL`);
  });

  it("lists sets, models, runs, campaigns and users with `ls`, never a key, a URL's secret or a password hash", async () => {
    const kinds = ["sets", "models", "runs", "campaigns", "users"] as const;
    const results = await Promise.all([...kinds.map((k) => cli(["ls", k, "--json"])), cli(["ls", "models"]), cli(["ls", "users"])]);
    for (const res of results) expect(res.status, res.stderr).toBe(0);
    const [sets, models, runs, campaigns, users] = results.slice(0, 5).map((r) => JSON.parse(r.stdout));
    expect(sets).toContainEqual({ id: w.set.id, name: w.set.name, instructions: w.set.instructions, created_at: expect.any(String) });
    expect(sets).toContainEqual(expect.objectContaining({ id: digitSet.id, name: digitSet.name, instructions: 2 }));
    expect(models).toContainEqual({
      id: expect.any(Number),
      name: "keyed",
      model: "gpt-x",
      hosts: "llm.example.org:8443",
      reference: false,
    });
    expect(models).toContainEqual({
      id: w.models.reference.id,
      name: w.models.reference.name,
      model: expect.any(String),
      hosts: null,
      reference: true,
    });
    const run = t.ctx.pairRuns.get(w.pairRunId)!;
    expect(runs).toEqual([
      { id: run.id, set: w.set.name, judge: w.models.judge.name, proposals: run.proposals, created_at: run.created_at },
    ]);
    expect(campaigns).toEqual([
      { id: w.campaign.id, title: `Campaign ${w.campaign.id}`, name: w.campaign.name, mode: "vs-reference", status: "open", judgments: 0 },
    ]);
    expect(users).toContainEqual({ id: expect.any(Number), name: "pat", role: "researcher", disabled: false });

    const [modelsText = "", usersText = ""] = results.slice(5).map((r) => r.stdout);
    expect(modelsText.split("\n")[0]).toMatch(/^id\s+name\s+model\s+hosts\s+reference$/);
    expect(modelsText).toMatch(/\bkeyed\s+gpt-x\s+llm\.example\.org:8443\s+no\n/);
    expect(usersText).toMatch(/\bpat\s+researcher\s+no\n/);
    const hash = t.ctx.users.passwordHashOf(t.ctx.users.findByName("pat")!.id)!;
    for (const res of results) {
      for (const secret of [keyValue, urlSecret, "LONGPREF_KEY_PLANTED", userPassword, hash, "user:"]) {
        expect(res.stdout).not.toContain(secret);
        expect(res.stderr).not.toContain(secret);
      }
    }
  });
});
