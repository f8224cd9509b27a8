import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectLang } from "../../shared/instructions/language";
import { parseRequiredLength } from "../../shared/instructions/required-length";
import { parseJudgeAnswer } from "../../shared/scoring/judge-answer";
import { offlineSignals } from "../../shared/scoring/offline-signals";
import { countWords } from "../../shared/scoring/word-count";
import { createSamplingJob } from "../../server/sampling/jobs";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { runToEnd, seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

// One "word" of 50 MB in a prompt or an output: V8's regex backtracking, recursion over parsed JSON and
// spreads into calls all overflowed the stack on such input (500 "Maximum call stack size exceeded").
const MB = 1024 * 1024;
const word50 = "a".repeat(50 * MB);

let t: TestApp | undefined;
let fake: FakeOpenAi | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  t?.close();
  fake = t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "longpref-huge-"));
  dirs.push(d);
  return d;
};

describe("text functions on one huge token", () => {
  // Two-byte strings (Han, Cyrillic, kana) compile classes with astral members into alternations: the
  // one-byte "a" alone would not catch them. 10 MB each keeps the test short; the paths below use 50 MB.
  const size = 10 * MB;
  const shapes: Record<string, string> = {
    latin: "a".repeat(size),
    latinAccented: "aé1".repeat(size / 3),
    han: "中".repeat(size / 2),
    hanNumeral: `${"一".repeat(size / 2)}字`,
    cyrillic: "ж".repeat(size / 2),
    kana: "あ".repeat(size / 2),
    astralHan: "𠀀".repeat(size / 4),
    dashes: `Title\n${"-".repeat(size)}`,
    digits: "1".repeat(size),
  };
  it.each(Object.entries(shapes))(
    "%s: language, word count, offline signals, required length and judge answer",
    (_, text) => {
      expect(["en", "zh", "other"]).toContain(detectLang(text));
      expect(countWords(text)).toBeGreaterThanOrEqual(0);
      expect(offlineSignals({ text, finishReason: null, instructionLang: "en" }).flags).toBeInstanceOf(Array);
      expect(parseRequiredLength(text)).toBeNull();
      expect(parseJudgeAnswer(text)).toMatchObject({ ok: false });
    },
    120_000,
  );

  it("counts a 50 MB word as one word and reads a judge answer around it", () => {
    expect(detectLang(word50)).toBe("en");
    expect(countWords(word50)).toBe(1);
    const scores = `{"Relevance": 5, "Accuracy": 4, "Coherence": 4, "Clarity": 4, "Breadth and Depth": 3, "Reading Experience": 4, "Analysis": "${word50}"}`;
    expect(parseJudgeAnswer(`Here: ${scores}`)).toMatchObject({ ok: true, scores: { Relevance: 5 } });
  }, 120_000);
});

describe("50 MB single-token prompts and outputs through the real paths", () => {
  it("imports a prompt of one 50 MB word through the API, or refuses it with 413 naming the limit", async () => {
    const content = JSON.stringify({ id: "huge", prompt: `Write about ${word50}` });
    t = testApp();
    const small = await (await t.agentAs("researcher")).post("/api/instruction-sets/import").send({ name: "huge", content });
    expect(small.status).toBe(413);
    expect(small.body.message).toMatch(/larger than the limit of \d+ bytes/);
    t.close();

    t = testApp({ maxBodyBytes: 120 * MB });
    const agent = await t.agentAs("researcher");
    const res = await agent.post("/api/instruction-sets/import").send({ name: "huge", content });
    expect(res.status).toBe(201);
    const row = t.db.prepare("SELECT length(prompt) AS n, lang, required_length FROM instructions").get();
    expect(row).toEqual({ n: 50 * MB + 12, lang: "en", required_length: null });
  }, 120_000);

  it("refuses an import line nested a million levels deep with 400 naming the limit", async () => {
    t = testApp({ maxBodyBytes: 120 * MB });
    const agent = await t.agentAs("researcher");
    const deep = `{"prompt": "Write", "meta": ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}}`;
    const res = await agent.post("/api/instruction-sets/import").send({ name: "deep", content: deep });
    expect(res.status).toBe(400);
    expect(res.body.details.lines).toEqual([{ line: 1, message: "nests objects or arrays deeper than 32 levels" }]);
    const bad = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "len", content: JSON.stringify({ prompt: "Write", length: [[1]] }) });
    expect(bad.body.details.lines).toEqual([{ line: 1, message: "length must be a positive integer, got an array" }]);
  }, 120_000);

  it("imports an output of one 50 MB word through the API, flagged and counted", async () => {
    t = testApp({ maxBodyBytes: 120 * MB });
    const agent = await t.agentAs("researcher");
    const setId = seedSet(t.ctx, ["Write a story"]);
    const content = JSON.stringify({ instruction_id: "p1", model: "m", text: word50 });
    const res = await agent.post("/api/outputs/import").send({ set_id: setId, content });
    expect(res.status).toBe(201);
    const row = t.db.prepare("SELECT length(text) AS n, word_count, flags FROM samples").get();
    expect(row).toEqual({ n: 50 * MB, word_count: 1, flags: JSON.stringify(["truncation"]) });
  }, 120_000);

  it("imports many outputs of one model (no spread of their indexes into Math.max)", async () => {
    t = testApp({ maxBodyBytes: 120 * MB });
    const agent = await t.agentAs("researcher");
    const setId = seedSet(t.ctx, ["Write a story"]);
    const content = Array.from({ length: 200_000 }, (_, i) => `{"instruction_id":"p1","model":"m","text":"x.","sample_index":${i}}`).join(
      "\n",
    );
    const res = await agent.post("/api/outputs/import").send({ set_id: setId, content });
    expect(res.status).toBe(201);
    expect(t.db.prepare("SELECT n FROM sampling_jobs").get()).toEqual({ n: 200_000 });
  }, 120_000);

  it("finishes a sample whose output is one 50 MB word through the runner", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: word50, chunks: 50 }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const job = await runToEnd(t.ctx, testRunner(t.ctx, { stallMs: 30_000, leaseMs: 60_000 }).runner, jobId, 100_000);
    const row = t.db.prepare("SELECT status, length(text) AS n, word_count, last_error FROM samples").get();
    expect(row).toEqual({ status: "done", n: 50 * MB, word_count: 1, last_error: null });
    expect(job.counts).toMatchObject({ done: 1, failed: 0 });
  }, 120_000);

  it("imports a 50 MB-word prompt and output through the CLI", async () => {
    const dir = tempDir();
    const db = join(dir, "cli.db");
    writeFileSync(join(dir, "set.jsonl"), JSON.stringify({ id: "huge", prompt: `Write about ${word50}` }));
    writeFileSync(join(dir, "outputs.jsonl"), JSON.stringify({ instruction_id: "huge", model: "m", text: word50 }));
    const refused = await runCli(["import", join(dir, "set.jsonl"), "--name", "huge", "--db", db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/over the import limit of \d+ bytes \(--max-mb\)/);
    const set = await runCli(["import", join(dir, "set.jsonl"), "--name", "huge", "--max-mb", "100", "--db", db]);
    expect(set.stderr).toBe("");
    expect(set.status).toBe(0);
    const outputs = await runCli(["import-outputs", join(dir, "outputs.jsonl"), "--set", "huge", "--db", db]);
    expect(outputs.stderr).toBe("");
    expect(outputs.status).toBe(0);
    const check = openDatabase(db);
    expect(check.prepare("SELECT word_count FROM samples").get()).toEqual({ word_count: 1 });
    check.close();
  }, 180_000);
});
