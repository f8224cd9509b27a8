import type { ProposalStatus } from "../../shared/schemas/pairs";
import type { Db } from "../db/open";
import {
  exportRowsRepo,
  type BattleSqlRow,
  type CampaignPairMode,
  type PairFilters,
  type RunScoring,
  type SampleScorer,
  type SftSqlRow,
} from "../db/repos/export-rows";
import { scoreSample } from "../pairs/scored-samples";
import type { WeightedVerdicts } from "./weighted-majority";
import type { BattleRow, InstructionFields, PairRow, SftRow } from "./rows";
import { sampleFeatureCache } from "./sample-features";

// Every source is a generator over one better-sqlite3 `.iterate()` (server/db/repos/export-rows.ts): rows
// are read as they are written, so memory stays flat however many pairs a run holds. While a generator is
// open its connection is busy: the HTTP route gives each export a connection of its own.

export type { PairFilters, RunScoring };

/** The instruction's fields of a row, without the row's other columns. */
function instructionFieldsOf(r: InstructionFields): InstructionFields {
  const { instruction_id, external_id, set_name, prompt, lang, length_range, category } = r;
  return { instruction_id, external_id, set_name, prompt, lang, length_range, category };
}

const passesMargin = (margin: number | undefined, min: number | undefined) => min === undefined || (margin !== undefined && margin >= min);
const nullable = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * A pair run's proposals in the given statuses, in set order. Where annotators judged a proposal (a
 * verify-pairs campaign), `votes` counts their judgments and `agreement` the share preferring its chosen.
 */
export function* proposalPairs(db: Db, query: { runId: number; statuses: readonly ProposalStatus[] } & PairFilters): Generator<PairRow> {
  const rows = exportRowsRepo(db).proposals(query);
  for (const r of rows) {
    if (!passesMargin(r.margin, query.minMargin)) continue;
    yield {
      ...instructionFieldsOf(r),
      chosen_text: r.chosen_text,
      rejected_text: r.rejected_text,
      chosen_model: r.model,
      rejected_model: r.model,
      chosen_sample_id: r.chosen_sample_id,
      rejected_sample_id: r.rejected_sample_id,
      chosen_score: r.chosen_score,
      rejected_score: r.rejected_score,
      margin: r.margin,
      votes: nullable(r.votes),
      agreement: r.votes ? r.agree! / r.votes : undefined,
      source: `pair-run ${query.runId} (${r.status})`,
    };
  }
}

/**
 * Human-verified pairs from campaign judgments (winner = chosen). Per comparison, the majority verdict is
 * the one of sample a, sample b, tie and both-bad given by more judgments than any other (none when two
 * lead together); `agreement` is its share of the comparison's judgments. Ties and both-bad never become
 * pairs.
 * - `majority`: a pair per comparison whose majority prefers a sample;
 * - `confirmed`: only those preferring sample a: a verify-pairs campaign's proposed chosen, confirmed;
 * - `per-judgment`: a pair per judgment preferring a sample, `agreement` being the share of the
 *   comparison's judgments preferring the same one;
 * - `weighted`: a pair per comparison whose Dawid–Skene verdict of highest posterior (`weighted`, fitted
 *   by the caller) prefers a sample, `agreement` and `confidence` being that posterior probability, kept
 *   when it is at least `minConfidence`.
 * Scores and margin come from the comparison's pair proposal, matched by sample id, when it has one.
 */
export function* campaignPairs(
  db: Db,
  query: { campaignIds: readonly number[]; mode: CampaignPairMode; weighted?: WeightedVerdicts; minConfidence?: number } & PairFilters,
): Generator<PairRow> {
  const perJudgment = query.mode === "per-judgment";
  if (query.mode === "weighted" && !query.weighted) throw new Error("a weighted majority needs its Dawid-Skene fit");
  const rows = exportRowsRepo(db).comparisons(query);
  for (const r of rows) {
    let confidence: number | undefined;
    let aWins: boolean;
    if (query.weighted) {
      const verdict = query.weighted.of(r.comparison_id);
      if (!verdict || verdict.winner === "tie") continue;
      if (query.minConfidence !== undefined && verdict.confidence < query.minConfidence) continue;
      confidence = verdict.confidence;
      aWins = verdict.winner === "a";
    } else aWins = perJudgment ? r.winner_sample_id === r.a_id : r.a > r.b;
    const [w, l] = aWins ? (["a", "b"] as const) : (["b", "a"] as const);
    const chosenScore = nullable(r[`${w}_score`]);
    const rejectedScore = nullable(r[`${l}_score`]);
    const margin = chosenScore !== undefined && rejectedScore !== undefined ? chosenScore - rejectedScore : undefined;
    if (!passesMargin(margin, query.minMargin)) continue;
    yield {
      ...instructionFieldsOf(r),
      chosen_text: r[`${w}_text`],
      rejected_text: r[`${l}_text`],
      chosen_model: r[`${w}_model`],
      rejected_model: r[`${l}_model`],
      chosen_sample_id: r[`${w}_id`],
      rejected_sample_id: r[`${l}_id`],
      chosen_score: chosenScore,
      rejected_score: rejectedScore,
      margin,
      votes: r.votes,
      agreement: confidence ?? r[w] / r.votes,
      confidence,
      source: perJudgment ? `campaign ${r.campaign_id} judgment ${r.judgment_id}` : `campaign ${r.campaign_id} ${query.mode}`,
    };
  }
}

const sftRow = (r: SftSqlRow, source: string): SftRow => ({
  ...instructionFieldsOf(r),
  text: r.text,
  model: r.model,
  sample_id: r.sample_id,
  score: nullable(r.score),
  source,
});

/** S as the pair run computed it, for the export's SQL function: null when a flag excludes the sample. */
const runScore: SampleScorer = (sample, settings) => {
  const s = scoreSample(sample, settings);
  return s.excluded_by.length > 0 ? null : s.score;
};

/**
 * SFT examples: per instruction of the run's set, its best finished sample (highest S under the run's
 * judge, template and settings, among the run's models; ties to the lower sample id), in set order.
 */
export function* sftBest(db: Db, query: { run: RunScoring } & Pick<PairFilters, "lengthRange" | "excludeFlags">): Generator<SftRow> {
  const rows = exportRowsRepo(db).sftBest(query, runScore);
  for (const r of rows) yield sftRow(r, `pair-run ${query.run.id} best`);
}

/** SFT examples: the chosen sample of each of a run's proposals in the given statuses, in set order. */
export function* sftChosen(
  db: Db,
  query: { runId: number; statuses: readonly ProposalStatus[] } & Pick<PairFilters, "lengthRange" | "excludeFlags">,
): Generator<SftRow> {
  const rows = exportRowsRepo(db).sftChosen(query);
  for (const r of rows) yield sftRow(r, `pair-run ${query.runId} chosen (${r.status})`);
}

/** A stored judgment's verdict and shown order as a battle record's winner and left side (sample a is model_a). */
export function battleSides(
  r: Pick<BattleSqlRow, "verdict" | "winner_sample_id" | "sample_a_id" | "left_sample_id">,
  bothBadAsTie = false,
): Pick<BattleRow, "winner" | "left"> {
  const winner =
    r.verdict === "win"
      ? r.winner_sample_id === r.sample_a_id
        ? "model_a"
        : "model_b"
      : r.verdict === "both-bad" && !bothBadAsTie
        ? "both_bad"
        : "tie";
  return { winner, left: r.left_sample_id === r.sample_a_id ? "model_a" : "model_b" };
}

function textsOf(conversationOf: (sampleId: number) => { prompt: string; text: string }, a: number, b: number) {
  const sideA = conversationOf(a);
  return { prompt: sideA.prompt, a: sideA.text, b: conversationOf(b).text };
}

/**
 * Every human judgment of the campaigns as a battle record (../shared/fixtures/judgments-a): model_a is
 * the comparison's sample a's model. Both-bad stays "both_bad": `longpref stats` reads it
 * (shared/schemas/battles.ts) and counts it as a tie, as FastChat counts "tie (bothbad)" (stats spec S1:
 * s = 0.5), while the dashboard's tally and agreement can still tell it from a tie. Readers that know the
 * fixture's three winners only ask for it as "tie". Each side's words and Markdown counts (the inputs of
 * the length- and style-controlled statistics) are counted once per sample.
 */
export function* battleRows(
  db: Db,
  query: { campaignIds: readonly number[]; bothBadAsTie?: boolean; withTexts?: boolean } & Pick<
    PairFilters,
    "lengthRange" | "excludeFlags"
  >,
): Generator<BattleRow> {
  const repo = exportRowsRepo(db);
  const rows = repo.battles(query);
  const featuresOf = sampleFeatureCache(repo.sampleOutput());
  // Texts are read per judgment, never cached: memory stays flat in the texts' length.
  const conversationOf = query.withTexts ? repo.sampleConversation() : undefined;
  for (const r of rows) {
    const a = featuresOf(r.sample_a_id);
    const b = featuresOf(r.sample_b_id);
    const { winner, left } = battleSides(r, query.bothBadAsTie);
    yield {
      comparison_id: String(r.comparison_id),
      instruction_id: r.external_id,
      length_bucket: r.length_range,
      category: r.category,
      lang: r.lang,
      model_a: r.model_a,
      model_b: r.model_b,
      annotator: r.annotator,
      winner,
      left,
      words_a: a.words,
      words_b: b.words,
      style_a: a.style,
      style_b: b.style,
      campaign_id: r.campaign_id,
      judgment_id: r.judgment_id,
      margin: r.margin,
      created_at: r.created_at,
      tstamp: Date.parse(r.created_at) / 1000,
      texts: conversationOf && textsOf(conversationOf, r.sample_a_id, r.sample_b_id),
      external_id: r.external_id,
    };
  }
}
