import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lengthScore } from "../../shared/scoring/length-score";
import { countWords } from "../../shared/scoring/word-count";
import { npMean } from "../../shared/stats/np-mean";
import { readFixture } from "../helpers/fixtures";

const bin = fileURLToPath(new URL("../../server/cli/bin.js", import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [bin, "eval-length", ...args], { encoding: "utf8" });

// Predictions for the 120 benchmark prompts, with responses of varied length made from a fixed word list.
function predictions() {
  const words = ["word", "词语", "AI时代", "don't", "x1", "GPT-4o"];
  return readFixture("longwriter/longbench_write.jsonl")
    .trim()
    .split("\n")
    .map((line, i) => {
      const record = JSON.parse(line) as { length: number };
      const n = 1 + ((i * 7919) % (3 * record.length));
      const response = i === 5 ? "!!! 123" : Array.from({ length: n }, (_, k) => words[(i + k) % words.length]).join(" ");
      return { ...record, response };
    });
}

describe("longpref eval-length", () => {
  it("reports per-record length and S_l, the np.mean overall and per length range", () => {
    const preds = predictions();
    const file = join(mkdtempSync(join(tmpdir(), "longpref-eval-")), "pred.jsonl");
    writeFileSync(file, preds.map((p) => JSON.stringify(p)).join("\n"));
    const res = run([file, "--json"]);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.records).toHaveLength(120);
    const expected = preds.map((p) => {
      const produced = countWords(p.response);
      return { response_length: produced, length_score: lengthScore(p.length, produced) };
    });
    expect(out.records).toEqual(expected);
    expect(out.mean_length_score).toBe(npMean(expected.map((e) => e.length_score)));
    expect(Object.keys(out.by_length_range)).toEqual(["[0,500)", "[500,2000)", "[2000,4000)", "[4000,∞)"]);
    const top = preds
      .map((p, i) => [p.length, expected[i]!.length_score] as const)
      .filter(([l]) => l >= 4000)
      .map(([, s]) => s);
    expect(out.by_length_range["[4000,∞)"]).toBe(npMean(top));
    // The response with no countable word is scored 0 and reported, not fatal.
    expect(out.records[5]).toEqual({ response_length: 0, length_score: 0 });
    expect(out.no_countable_words).toEqual([6]);
    expect(res.stderr).toMatch(/line 6: no countable word/);
  });

  it("uses the file's response_length when present, as eval_length.py does", () => {
    const file = join(mkdtempSync(join(tmpdir(), "longpref-eval-")), "pred.jsonl");
    writeFileSync(file, JSON.stringify({ prompt: "p", type: "t", length: 1000, response: "short", response_length: 2000 }));
    const out = JSON.parse(run([file, "--json"]).stdout);
    expect(out.records).toEqual([{ response_length: 2000, length_score: 66.66666666666667 }]);
  });

  it("lists every bad line and scores nothing unless --skip-bad", () => {
    const file = join(mkdtempSync(join(tmpdir(), "longpref-eval-")), "pred.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ prompt: "p", type: "t", length: 100, response: "one two three" }),
        "{broken",
        JSON.stringify({ prompt: "p", type: "t", length: 0, response: "x" }),
        JSON.stringify({ prompt: "p", type: "t", length: 100 }),
      ].join("\n"),
    );
    const strict = run([file, "--json"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe("");
    // Under --json the refusal is one JSON object, its bad lines in details (decision 033).
    const lines = (JSON.parse(strict.stderr) as { details: { lines: { line: number; message: string }[] } }).details.lines;
    const listed = lines.map((l) => `line ${l.line}: ${l.message}`).join("\n");
    expect(listed).toMatch(/line 2: not JSON/);
    expect(listed).toMatch(/line 3: length: length must be a positive integer/);
    expect(listed).toMatch(/line 4: response/);
    const lenient = run([file, "--json", "--skip-bad"]);
    expect(lenient.status).toBe(0);
    expect(JSON.parse(lenient.stdout).records).toEqual([{ response_length: 3, length_score: 100 * Math.max(0, 1 - (100 / 3 - 1) / 2) }]);
  });
});
