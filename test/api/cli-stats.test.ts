import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BattleStats } from "../../shared/stats/battle-stats";
import { runCli } from "../helpers/cli";
import { fixturePath, readFixture } from "../helpers/fixtures";

const expected = JSON.parse(readFixture("judgments-a/expected.json")) as BattleStats;
const judgments = fixturePath("judgments-a/judgments.jsonl");

/** Numbers within `tolerance(path)`, everything else equal, over the keys of `want`. */
function expectClose(got: unknown, want: unknown, path: string, tolerance: (path: string) => number) {
  if (typeof want === "number") {
    expect(typeof got, path).toBe("number");
    expect(Math.abs((got as number) - want), path).toBeLessThanOrEqual(tolerance(path) * (path.endsWith("p_value") ? want : 1));
  } else if (want !== null && typeof want === "object") {
    expect(got !== null && typeof got === "object", path).toBe(true);
    for (const key of Object.keys(want)) {
      expect(got, path).toHaveProperty([key]);
      expectClose((got as Record<string, unknown>)[key], (want as Record<string, unknown>)[key], `${path}.${key}`, tolerance);
    }
  } else expect(got, path).toEqual(want);
}

function writeJudgments(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "longpref-stats-")), "judgments.jsonl");
  writeFileSync(file, lines.join("\n"));
  return file;
}

describe("longpref stats", () => {
  it("reproduces judgments-a's expected.json: counts and rates exact, bootstrap within 0.015, Bradley–Terry within 0.01", async () => {
    const res = await runCli(["stats", judgments, "--reference", "gpt-4o", "--json", "--seed", "7", "--rounds", "5000"]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toBe("");
    const out = JSON.parse(res.stdout) as BattleStats;
    // The fixture's keys, plus the Bradley–Terry intervals the fixture has not and issue #14's figures.
    const added = ["bradley_terry_ci95", "bt_win_rate_vs_reference_ci95"];
    const issue14 = ["length_controlled", "length_controlled_reason", "style_controlled", "style_controlled_reason", "annotators"];
    const issue14More = ["weighted_vs_reference", "bootstrap", "ranks", "rank_flip"];
    const issue18 = ["reweighted"];
    expect(Object.keys(out).sort()).toEqual([...Object.keys(expected), ...added, ...issue14, ...issue14More, ...issue18].sort());
    expect(out.reweighted).toBe(false);
    expect(Object.keys(out.agreement).sort()).toEqual([...Object.keys(expected.agreement), "with_majority_of_others"].sort());
    const { bootstrap_ci95_over_comparisons: bootstrapDefinition, ...definitions } = expected.definitions;
    expect(out.definitions).toMatchObject(definitions);
    expect(out.definitions.bootstrap_ci95_over_comparisons).toMatch(
      /^each comparison scored as the mean of its judgments \(win 1, tie 0\.5, loss 0\); 5000 resamples/,
    );
    expect(bootstrapDefinition).toMatch(/5000 resamples/);

    expectClose(out, { ...expected, definitions: {} }, "", (path) => {
      if (path.includes("bootstrap_ci95")) return 0.015;
      if (path.startsWith(".bradley_terry.")) return 0.01;
      if (path.startsWith(".bt_win_rate_vs_reference.")) return 2e-5; // from ratings within 0.01
      if (path.endsWith("p_value")) return 1e-9; // relative
      return 1e-12;
    });
    expect(out.seed).toBe(7);
    expect(out.bradley_terry_ci95["gpt-4o"]).toEqual([1000, 1000]);
  });

  it("prints a readable report without --json, the same for the same seed", async () => {
    const args = ["stats", judgments, "--reference", "gpt-4o", "--rounds", "200"];
    const res = await runCli(args);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^1320 judgments, 440 comparisons; reference gpt-4o; bootstrap 200 rounds over instructions, seed 0$/m);
    expect(res.stdout).toMatch(
      /^longwriter-9b-dpo\s+360\s+164\s+77\s+119\s+56\.3%\s+\[[\d.]+, [\d.]+\]\s+58\.0%\s+58\.3% \(120\)\s+1046\.8\s/m,
    );
    expect(res.stdout).toMatch(/^4k-20k\s+65\.6% \(90\)\s+53\.9% \(90\)\s+43\.3% \(90\)$/m);
    expect(res.stdout).toMatch(/^ann4\|ann5\s+118\s+-0\.133\s+24\.6%$/m);
    expect(res.stdout).toMatch(/Fleiss' κ 0\.297; Krippendorff's α nominal 0\.297, interval 0\.288; pairwise agreement 54\.3%/);
    expect(res.stdout).toMatch(/the left side won 579 of 1017 decided judgments \(56\.9%\); two-sided exact binomial p = 1\.10e-5/);
    expect((await runCli(args)).stdout).toBe(res.stdout);
  });

  it("lists every bad line and computes nothing unless --skip-bad", async () => {
    const lines = readFixture("judgments-a/judgments.jsonl").trim().split("\n");
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const file = writeJudgments([
      ...lines.slice(0, 5),
      "{broken",
      JSON.stringify({ ...first, winner: "left" }),
      JSON.stringify({ ...first, annotator: first.annotator }),
      JSON.stringify({ ...first, comparison_id: "new", left: undefined }),
      ...lines.slice(5),
    ]);
    const strict = await runCli(["stats", file, "--reference", "gpt-4o", "--json"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe("");
    // Under --json the refusal is one JSON object, its bad lines in details (decision 033).
    const refusal = JSON.parse(strict.stderr) as { message: string; details: { lines: { line: number; message: string }[] } };
    const listed = refusal.details.lines.map((l) => `line ${l.line}: ${l.message}`).join("\n");
    expect(listed).toMatch(/line 6: not JSON/);
    expect(listed).toMatch(/line 7: winner: must be "model_a", "model_b", "tie" or "both_bad"/);
    expect(listed).toMatch(/line 8: annotator ann3 already judged comparison c0001 on line 1/);
    expect(listed).toMatch(/line 9: left: must be "model_a" or "model_b"/);
    expect(refusal.message).toMatch(/4 bad lines; nothing computed/);
    const lenient = await runCli(["stats", file, "--reference", "gpt-4o", "--json", "--skip-bad", "--rounds", "100"]);
    expect(lenient.status, lenient.stderr).toBe(0);
    const out = JSON.parse(lenient.stdout) as BattleStats;
    expect(out.judgments).toBe(1320);
    expect(out.vs_reference["longwriter-9b-dpo"]!.all).toEqual(expected.vs_reference["longwriter-9b-dpo"]!.all);
  });

  it("refuses an unknown reference and bad options", async () => {
    const unknown = await runCli(["stats", judgments, "--reference", "gpt-5"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /--reference: gpt-5 is in no judgment \(models: longwriter-9b-dpo, gpt-4o, longwriter-9b, longwriter-8b\)/,
    );
    const bad = await runCli(["stats", judgments, "--reference", "gpt-4o", "--rounds", "0", "--seed", "x"]);
    expect(bad.status).toBe(2); // a usage error (decision 033)
    expect(bad.stderr).toMatch(/--seed: an integer/);
    expect(bad.stderr).toMatch(/--rounds: an integer from 1/);
    const missing = await runCli(["stats", judgments]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--reference/);
  });
});
