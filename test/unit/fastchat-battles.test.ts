import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBattleFile } from "../../server/cli/battle-file";
import { checkBattles, indexBattles } from "../../shared/stats/battle-index";
import { battleStats } from "../../shared/stats/battle-stats";

// `longpref stats` reads FastChat's own battle files (test/vectors/fastchat/README.md says where the rows
// come from). The figures are checked against counts made here from the rows and a Bradley–Terry fit of
// FastChat's likelihood written here (plain gradient ascent), not against longpref's code.

const vector = (name: string) => readFileSync(join(__dirname, "../vectors/fastchat", name), "utf8");

interface Row {
  model_a: string;
  model_b: string;
  winner: string;
  anony: boolean;
}

function statsOf(content: string, reference: string) {
  const read = readBattleFile(content);
  const checked = checkBattles(read.records);
  expect([...read.errors, ...checked.errors]).toEqual([]);
  return { read, stats: battleStats(indexBattles(checked.battles), { reference, seed: 0, rounds: 20 }) };
}

/** What elo_analysis rates: anonymous battles of two models; s = 1, 0 or 0.5 for model_a. */
function kept(rows: Row[]) {
  return rows
    .filter((r) => r.anony && r.model_a !== r.model_b)
    .map((r) => ({ a: r.model_a, b: r.model_b, s: r.winner === "model_a" ? 1 : r.winner === "model_b" ? 0 : 0.5 }));
}

/** Bradley–Terry ratings maximising FastChat's likelihood (ties half a win), the reference at 1000. */
function fitBradleyTerry(battles: { a: string; b: string; s: number }[], reference: string) {
  const models = [...new Set(battles.flatMap((x) => [x.a, x.b]))];
  const theta = new Map(models.map((m) => [m, 0]));
  for (let step = 0; step < 20_000; step++) {
    const grad = new Map(models.map((m) => [m, 0]));
    for (const { a, b, s } of battles) {
      const p = 1 / (1 + Math.exp(theta.get(b)! - theta.get(a)!));
      grad.set(a, grad.get(a)! + s - p);
      grad.set(b, grad.get(b)! - (s - p));
    }
    for (const m of models) theta.set(m, theta.get(m)! + 0.05 * grad.get(m)!);
    const shift = theta.get(reference)!;
    for (const m of models) theta.set(m, theta.get(m)! - shift);
  }
  return Object.fromEntries(models.map((m) => [m, 1000 + (400 / Math.LN10) * theta.get(m)!]));
}

/** The candidate's tally against the reference, whichever side each battle lists it on. */
function tally(battles: { a: string; b: string; s: number }[], model: string, reference: string) {
  const scores = battles.flatMap(({ a, b, s }) => (a === model && b === reference ? [s] : a === reference && b === model ? [1 - s] : []));
  return {
    n: scores.length,
    win: scores.filter((s) => s === 1).length,
    tie: scores.filter((s) => s === 0.5).length,
    loss: scores.filter((s) => s === 0).length,
    win_rate: scores.reduce((x, y) => x + y, 0) / scores.length,
  };
}

describe("longpref stats reads FastChat's battle files", () => {
  const simple = vector("clean_battle_simple.json");
  const rows = JSON.parse(simple) as Row[];

  it("a clean_battle JSON array: anonymous battles of two models, both tie kinds as ties, figures as computed here", () => {
    const { read, stats } = statsOf(simple, "gpt-4");
    expect(read).toMatchObject({ unit: "record", fastchat: true });
    expect(read.notes).toEqual([
      "left out 1 non-anonymous battle (anony false), as FastChat's elo_analysis does by default",
      "left out 1 self-battle (model_a == model_b), which FastChat's ratings learn nothing from",
    ]);
    const battles = kept(rows);
    expect(battles).toHaveLength(rows.length - 2);
    // No question_id: each battle is a comparison (and an instruction) of its own.
    expect(stats).toMatchObject({ judgments: battles.length, comparisons: battles.length, reference_model: "gpt-4" });
    for (const model of ["vicuna-13b", "koala-13b"]) {
      const want = tally(battles, model, "gpt-4");
      expect(stats.vs_reference[model]!.all).toMatchObject(want);
    }
    // By hand from the file: vicuna 2 wins, 2 ties (one both-bad), 2 losses; koala 1, 1 (both-bad), 2.
    expect(stats.vs_reference["vicuna-13b"]!.all).toMatchObject({ n: 6, win: 2, tie: 2, loss: 2, win_rate: 0.5 });
    expect(stats.vs_reference["koala-13b"]!.all).toMatchObject({ n: 4, win: 1, tie: 1, loss: 2, win_rate: 0.375 });
    const bt = fitBradleyTerry(battles, "gpt-4");
    for (const model of Object.keys(bt)) expect(stats.bradley_terry[model]).toBeCloseTo(bt[model]!, 2);
    // Left is model_a (the Arena shows model A on the left): the position-bias test counts model_a's wins.
    const decided = battles.filter((b) => b.s !== 0.5);
    expect(stats.position_bias).toMatchObject({ decided: decided.length, left_wins: decided.filter((b) => b.s === 1).length });
  });

  it("the same rows as JSON lines give the same figures; the language is the breakdown's label", () => {
    const lines = rows.map((r) => JSON.stringify(r)).join("\n");
    const asLines = statsOf(lines, "gpt-4");
    expect(asLines.read.unit).toBe("line");
    const asArray = statsOf(simple, "gpt-4");
    expect(asLines.stats.vs_reference).toEqual(asArray.stats.vs_reference);
    expect(asLines.stats.bradley_terry).toEqual(asArray.stats.bradley_terry);
  });

  it("conv_release rows (the Hub dataset card's example first): question_id names the comparison, conversations are ignored", () => {
    const { read, stats } = statsOf(vector("conversations.jsonl"), "koala-13b");
    expect(read.notes).toEqual([]);
    expect(read.records.map((r) => r.fields.comparison_id)).toEqual([
      "c0fc42c6f5f14f2aa5a89f71f8553730",
      "5d8b5a1e0c4f4e5e9b1f3f0a2c7d9e11",
      "9a0e4c7b2f3d4b1c8e6f5a4d3c2b1a00",
    ]);
    // vicuna-13b won the card's battle (model_a), tied in both-bad, lost the third (koala-13b as model_a won).
    expect(stats.vs_reference["vicuna-13b"]!.all).toMatchObject({ n: 3, win: 1, tie: 1, loss: 1, win_rate: 0.5 });
    expect(stats.comparisons).toBe(3);
  });

  it("sorts by tstamp as elo_analysis does; a record FastChat would not read is refused by its number", () => {
    const read = readBattleFile(simple);
    const order = read.records.map((r) => r.line);
    const tstamps = order.map((line) => rows[line - 1]! as unknown as { tstamp: number }).map((r) => r.tstamp);
    expect(tstamps).toEqual([...tstamps].sort((x, y) => x - y));
    expect(order).not.toEqual([...order].sort((x, y) => x - y));

    const bad = JSON.stringify([{ ...rows[0], winner: "both_bad" }, { ...rows[1], anony: "yes" }, { ...rows[2], judge: "" }, rows[3]]);
    expect(readBattleFile(bad).errors).toEqual([
      { line: 1, message: 'winner: must be "model_a", "model_b", "tie" or "tie (bothbad)"' },
      { line: 2, message: "anony: must be true or false" },
      { line: 3, message: "judge: must not be empty" },
    ]);
    expect(readBattleFile("[1, {}]").errors[0]).toEqual({ line: 1, message: "not a JSON object" });
    expect(readBattleFile("[{").errors[0]!.message).toMatch(/^not a JSON array/);
  });

  it("longpref's own JSON lines are read as before (no conversion)", () => {
    const own = JSON.stringify({
      comparison_id: "1",
      instruction_id: "i1",
      model_a: "x",
      model_b: "y",
      annotator: "ann",
      winner: "both_bad",
      left: "model_b",
    });
    const read = readBattleFile(own);
    expect(read).toMatchObject({ fastchat: false, unit: "line", notes: [] });
    expect(read.records[0]!.fields).toMatchObject({ winner: "both_bad", left: "model_b" });
  });
});
