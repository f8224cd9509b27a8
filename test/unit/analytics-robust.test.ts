import { createElement, type FunctionComponent } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnalyticsAnnotators, annotatorOrder } from "../../client/src/features/analytics/analytics-annotators";
import { AnalyticsRobust } from "../../client/src/features/analytics/analytics-robust";
import { bootstrapLine, rankFlipSentence, robustNotes, robustRows } from "../../client/src/features/analytics/analytics-robust-rows";
import { AnalyticsStyle } from "../../client/src/features/analytics/analytics-style";
import { flagReason } from "../../client/src/features/campaigns/campaign-reliability";
import { WinRatesSchema, type WinRates } from "../../shared/schemas/win-rates";
import { indexBattles } from "../../shared/stats/battle-index";
import { battleStats } from "../../shared/stats/battle-stats";
import { judgmentsA } from "../helpers/fixtures";

// The Analytics page's #14 sections on the judgments-a fixture's report, as the browser receives it (JSON
// through the wire schema): once as the server computes it (the fixture has no word counts), once with every
// field set, covering each way a figure can be missing. What the page shows must be what the answer says.

const { fixture } = judgmentsA();
const report = JSON.parse(JSON.stringify(battleStats(indexBattles(fixture.battles), { reference: "gpt-4o", seed: 7, rounds: 200 })));
/** The server's answer on the fixture, which carries no word counts: no length- or style-controlled figures. */
const fixtureAnswer = (): WinRates => WinRatesSchema.parse(structuredClone(report));

const models = Object.keys(report.vs_reference as object).sort();
const [lcModel, warnedModel, tooFewModel] = models as [string, string, string];

/** Every #14 field set, one model of each kind: a plain LC figure, a warned one, one without an answer. */
function fullAnswer(): WinRates {
  const answer = fixtureAnswer();
  const raw = (m: string) => answer.vs_reference[m]!.all.win_rate!;
  answer.length_controlled = {
    [lcModel]: {
      win_rate: 0.4213,
      ci: [0.3811, 0.4702],
      length_coefficient: 0.8731,
      raw_win_rate: raw(lcModel),
      warning: null,
      reason: null,
      judgments: 90,
    },
    [warnedModel]: {
      win_rate: 0.2104,
      ci: [0.15, 0.281],
      length_coefficient: -1.204,
      raw_win_rate: raw(warnedModel),
      warning: "LC and raw differ by 31.9 points",
      reason: null,
      judgments: 90,
    },
    [tooFewModel]: {
      win_rate: null,
      ci: null,
      length_coefficient: null,
      raw_win_rate: raw(tooFewModel),
      warning: null,
      reason: "fewer than 10 judgments",
      judgments: 4,
    },
  };
  answer.length_controlled_reason = null;
  answer.weighted_vs_reference = Object.fromEntries(
    models.map((m, i) => [
      m,
      {
        win_rate: 0.3 + i / 10,
        ci: [0.25 + i / 10, 0.35 + i / 10] as [number, number],
        majority_vote: answer.vs_reference[m]!.majority_vote,
        comparisons: 30,
      },
    ]),
  );
  answer.bootstrap = { rounds: 200, seed: 7, cluster: "instruction" };
  answer.ranks = Object.fromEntries(
    [...models, "gpt-4o"].map((m, i) => [m, { rank: i + 1, band: [i + 1, Math.min(i + 2, models.length + 1)] as [number, number] }]),
  );
  answer.rank_flip = { top: lcModel, runner_up: warnedModel, votes: 3 };
  for (const [i, m] of models.entries()) answer.vs_reference[m]!.bootstrap_ci95_over_instructions = [0.1 + i / 100, 0.6 + i / 100];
  answer.style_controlled = {
    ratings: Object.fromEntries(
      [...models, "gpt-4o"].map((m, i) => [
        m,
        { rating: m === "gpt-4o" ? 1000 : 950 - 10 * i, ci: m === "gpt-4o" ? null : ([900 - 10 * i, null] as [number, null]) },
      ]),
    ),
    coefficients: { words: 0.512, headers: -0.031, list_items: null, bold: 0.2 },
    judgments: 270,
  };
  answer.style_controlled_reason = null;
  answer.annotators = {
    ann1: { reliability: 0.91, judgments: 60, position_bias: 0.52, flagged: false, confusion: [] },
    ann2: {
      reliability: 0.41,
      judgments: 55,
      position_bias: 0.97,
      flagged: true,
      confusion: [
        [0.5, 0.1, 0.4],
        [0.3, 0.3, 0.4],
        [0.45, 0.05, 0.5],
      ],
    },
    ann3: { reliability: 0.78, judgments: 12, position_bias: null, flagged: false, confusion: [] },
  };
  return WinRatesSchema.parse(JSON.parse(JSON.stringify(answer)));
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const render = (component: FunctionComponent<{ stats: WinRates }>, stats: WinRates) =>
  renderToStaticMarkup(createElement(component, { stats }))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("the Analytics page's #14 sections", () => {
  it("on the fixture's report, without word counts: raw and weighted rates and ranks as given, LC and style a dash with the server's reason", () => {
    const stats = fixtureAnswer();
    expect(stats.length_controlled).toBeNull();
    expect(stats.style_controlled).toBeNull();
    const rows = robustRows(stats);
    expect(rows.map((r) => [r.model, r.raw.value, r.raw.ci, r.weighted.value, r.rank]).sort()).toEqual(
      models.map((m) => [
        m,
        stats.vs_reference[m]!.all.win_rate,
        stats.vs_reference[m]!.bootstrap_ci95_over_instructions,
        stats.weighted_vs_reference[m]!.win_rate,
        stats.ranks[m] ?? null,
      ]),
    );
    for (const r of rows) expect(r.lc).toMatchObject({ value: null, missing: stats.length_controlled_reason });
    expect(robustNotes(rows).map((n) => n.text)).toContain(
      `Length-controlled win rate of ${rows
        .map((r) => r.model)
        .join(", ")
        .replace(/, ([^,]*)$/, " and $1")}: none. ${stats.length_controlled_reason}`,
    );
    const text = render(AnalyticsRobust, stats);
    expect(text).toContain(`95% intervals: bootstrap over instructions, 200 rounds, seed 7.`);
    expect(text).toContain(rankFlipSentence(stats)!);
    expect(render(AnalyticsStyle, stats)).toContain(`No style-controlled ratings. ${stats.style_controlled_reason}`);
    const annotators = render(AnalyticsAnnotators, stats);
    for (const [name, a] of Object.entries(stats.annotators))
      expect(annotators).toContain(`${name} ${pct(a.reliability!)} ${a.judgments} `);
  });

  it("with every figure: the numbers as given, the warning and the reason in words, rounds and seed with the intervals", () => {
    const stats = fullAnswer();
    const rows = robustRows(stats);
    expect(rows.map((r) => r.model)).toEqual(models);
    const lc = rows.find((r) => r.model === lcModel)!;
    expect(lc.lc).toMatchObject({ value: 0.4213, ci: [0.3811, 0.4702], phi: 0.8731, warning: null });
    expect(lc.weighted).toMatchObject({ value: 0.3, ci: [0.25, 0.35] });
    expect(lc.rank).toEqual({ rank: 1, band: [1, 2] });
    expect(rows.find((r) => r.model === tooFewModel)!.lc).toMatchObject({ value: null, missing: "fewer than 10 judgments" });

    const text = render(AnalyticsRobust, stats);
    const raw = stats.vs_reference[lcModel]!.all;
    expect(text).toContain(
      `${lcModel} ${raw.n} ${pct(raw.win_rate!)} [10.0%, 60.0%] 42.1% [38.1%, 47.0%] 0.87 30.0% [25.0%, 35.0%] 1 1–2 `,
    );
    expect(text).toContain("21.0% warning [15.0%, 28.1%] −1.20");
    expect(text).toContain(`${warnedModel}: LC and raw differ by 31.9 points.`);
    expect(text).toContain(`Length-controlled win rate of ${tooFewModel}: none. Fewer than 10 judgments.`);
    expect(text).toContain("95% intervals: bootstrap over instructions, 200 rounds, seed 7.");
    // The reference ranks last here: its row comes after the others', with its rank and band.
    expect(text).toContain("gpt-4o reference every win rate here is against it 4 4 ");
    expect(text).toContain(
      `${lcModel} has the highest Bradley–Terry rating: 3 added votes of ${warnedModel} beating ${lcModel} would put ${warnedModel} level or ahead.`,
    );

    const style = render(AnalyticsStyle, stats);
    expect(style).toContain(`${lcModel} 950 [900, +∞] ${Math.round(stats.bradley_terry[lcModel]!)}`);
    expect(style).toContain("Words 0.51 Markdown headers −0.03 List items — Bold spans 0.20");
    expect(style).toContain("95% intervals: bootstrap over instructions, 200 rounds, seed 7. Fitted on 270 judgments.");

    expect(annotatorOrder(stats.annotators!).map(([name]) => name)).toEqual(["ann2", "ann3", "ann1"]);
    const annotators = render(AnalyticsAnnotators, stats);
    expect(annotators).toContain("ann2 41.0% 55 97.0% low reliability ann3 78.0% 12 — ann1 91.0% 60 52.0%");
    // Only ann2 has a matrix in this answer: one table, true verdicts by row.
    expect(annotators).toContain("ann2 True \\ given First Tie Second First 50% 10% 40% Tie 30% 30% 40% Second 45% 5% 50%");
  });

  it("says so when the file has no word counts, the style fit has no answer, rounds are 0 or the flip cannot be counted", () => {
    const stats = fullAnswer();
    stats.length_controlled = null;
    stats.length_controlled_reason = "the judgments carry no word counts";
    stats.style_controlled = null;
    stats.style_controlled_reason = "the judgments carry no word counts";
    stats.bootstrap = { rounds: 0, seed: 7, cluster: "instruction" };
    stats.rank_flip = { top: lcModel, runner_up: warnedModel, votes: null };
    expect(render(AnalyticsRobust, stats)).toContain(
      `Length-controlled win rate of ${lcModel}, ${warnedModel} and ${tooFewModel}: none. The judgments carry no word counts.`,
    );
    expect(render(AnalyticsStyle, stats)).toContain("No style-controlled ratings. The judgments carry no word counts.");
    expect(bootstrapLine(stats)).toBe("No 95% intervals: 0 bootstrap rounds were asked for (seed 7).");
    expect(rankFlipSentence(stats)).toBe(
      `${lcModel} has the highest Bradley–Terry rating: not even a million added votes of ${warnedModel} beating ${lcModel} would put ${warnedModel} level or ahead.`,
    );
  });

  it("the campaign dashboard's flag says why: reliability against the threshold, and the left-side share", () => {
    const a = { reliability: 0.412, judgments: 40, position_bias: 0.95, flagged: true, confusion: [] };
    expect(flagReason("ann2", a, 0.6)).toBe(
      "ann2: reliability 41.2%, below the 60.0% threshold; gave 95.0% of decided verdicts to the left side (about 50% when judging the texts).",
    );
  });
});
