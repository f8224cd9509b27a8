import type { ProposalStatus } from "../../shared/schemas/pairs";
import type { Db } from "../db/open";
import { scoreSample } from "../pairs/scored-samples";
import type { BattleRow, InstructionFields, PairRow, SftRow } from "./rows";

// Every source is a generator over one better-sqlite3 `.iterate()`: rows are read as they are written, so
// memory stays flat however many pairs a run holds. Each query walks its main table in id order (a rowid
// range, or an index ending in id) so SQLite never sorts rows carrying the long texts. While a generator
// is open its connection is busy: the HTTP route gives each export a connection of its own.

/** Filters every pair source understands. */
export interface PairFilters {
  /** A length-range label of the set, or "none" for instructions stating no length. */
  lengthRange?: string;
  /** Least S(chosen) − S(rejected); pairs without scores never pass it. */
  minMargin?: number;
  /** Least share of judgments agreeing with the pair's direction; pairs without judgments never pass it. */
  minAgreement?: number;
  minVotes?: number;
  /** Leave out pairs with a flagged sample: any flag (true), or one of these. */
  excludeFlags?: true | readonly string[];
}

/**
 * Agreement thresholds are compared at two decimals: 2 of 3 judgments (0.666…) pass --min-agreement 0.67,
 * as whoever writes 0.67 means; 0.7 asks for more than two thirds.
 */
const agreementSlack = 0.005;

/** The instruction's fields of a row, without the row's other columns. */
function instructionFieldsOf(r: InstructionFields): InstructionFields {
  const { instruction_id, external_id, set_name, prompt, lang, length_range, category } = r;
  return { instruction_id, external_id, set_name, prompt, lang, length_range, category };
}

const instructionColumns =
  "i.id AS instruction_id, i.external_id, (SELECT name FROM instruction_sets WHERE id = i.set_id) AS set_name, i.prompt, i.lang, i.length_range, i.category";


/** SQL conditions and their parameters for the length range and flag filters on the given sample aliases. */
function commonWhere(filters: PairFilters, sampleAliases: string[]) {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.lengthRange === "none") clauses.push("i.length_range IS NULL");
  else if (filters.lengthRange !== undefined) (clauses.push("i.length_range = @length_range"), (params.length_range = filters.lengthRange));
  if (filters.excludeFlags === true) {
    for (const s of sampleAliases) clauses.push(`${s}.flags = '[]'`);
  } else if (filters.excludeFlags !== undefined) {
    params.exclude_flags = JSON.stringify(filters.excludeFlags);
    for (const s of sampleAliases) {
      clauses.push(`NOT EXISTS (SELECT 1 FROM json_each(${s}.flags) f WHERE f.value IN (SELECT value FROM json_each(@exclude_flags)))`);
    }
  }
  return { clauses, params };
}

const and = (clauses: string[]) => clauses.map((c) => ` AND ${c}`).join("");
const passesMargin = (margin: number | undefined, min: number | undefined) => min === undefined || (margin !== undefined && margin >= min);
const nullable = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

interface ProposalSqlRow extends InstructionFields {
  id: number;
  status: ProposalStatus;
  chosen_sample_id: number;
  rejected_sample_id: number;
  chosen_text: string;
  rejected_text: string;
  model: string;
  chosen_score: number;
  rejected_score: number;
  margin: number;
  votes: number | null;
  agree: number | null;
}

/** The id range a run's proposals occupy: they are stored in one transaction, so the range holds no others. */
function proposalRange(db: Db, runId: number) {
  return db.prepare<[number], { lo: number | null; hi: number | null }>("SELECT MIN(id) AS lo, MAX(id) AS hi FROM pair_proposals WHERE run_id = ?").get(runId)!;
}

/**
 * A pair run's proposals in the given statuses, in set order. Where annotators judged a proposal (a
 * verify-pairs campaign), `votes` counts their judgments and `agreement` the share preferring its chosen.
 */
export function* proposalPairs(db: Db, query: { runId: number; statuses: readonly ProposalStatus[] } & PairFilters): Generator<PairRow> {
  const { lo, hi } = proposalRange(db, query.runId);
  if (lo === null) return;
  const { clauses, params } = commonWhere(query, ["sc", "sr"]);
  if (query.minVotes !== undefined) clauses.push("COALESCE(v.votes, 0) >= @min_votes");
  if (query.minAgreement !== undefined) clauses.push("v.votes > 0 AND v.agree >= (@min_agreement - @slack) * v.votes");
  const rows = db
    .prepare(
      `WITH v AS (
         SELECT c.proposal_id, COUNT(x.id) AS votes, SUM(x.winner_sample_id = p.chosen_sample_id) AS agree
         FROM comparisons c CROSS JOIN pair_proposals p ON p.id = c.proposal_id CROSS JOIN human_judgments x ON x.comparison_id = c.id
         WHERE p.run_id = @run GROUP BY c.proposal_id)
       SELECT p.id, p.status, ${instructionColumns}, p.chosen_sample_id, p.rejected_sample_id, sc.text AS chosen_text, sr.text AS rejected_text,
         m.name AS model, p.chosen_score, p.rejected_score, p.margin, v.votes, v.agree
       FROM pair_proposals p CROSS JOIN instructions i ON i.id = p.instruction_id
         CROSS JOIN samples sc ON sc.id = p.chosen_sample_id CROSS JOIN samples sr ON sr.id = p.rejected_sample_id CROSS JOIN models m ON m.id = p.model_id
         LEFT JOIN v ON v.proposal_id = p.id
       WHERE p.id BETWEEN @lo AND @hi AND +p.run_id = @run AND p.status IN (SELECT value FROM json_each(@statuses))${and(clauses)}
       ORDER BY p.id`,
    )
    .iterate({
      ...params,
      run: query.runId,
      lo,
      hi,
      statuses: JSON.stringify(query.statuses),
      min_votes: query.minVotes,
      min_agreement: query.minAgreement,
      slack: agreementSlack,
    }) as IterableIterator<ProposalSqlRow>;
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

/** The id range of the campaigns' comparisons or annotations: a walk in id order, filtered to the campaigns. */
function campaignRange(db: Db, table: "comparisons" | "human_judgments", campaignIds: readonly number[]) {
  return db
    .prepare<[string], { lo: number | null; hi: number | null }>(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${table} WHERE campaign_id IN (SELECT value FROM json_each(?))`)
    .get(JSON.stringify(campaignIds))!;
}

interface ComparisonSqlRow extends InstructionFields {
  comparison_id: number;
  campaign_id: number;
  a_id: number;
  b_id: number;
  a_text: string;
  b_text: string;
  a_model: string;
  b_model: string;
  a_score: number | null;
  b_score: number | null;
  votes: number;
  a: number;
  b: number;
  /** per judgment: the judgment's winner. */
  winner_sample_id?: number;
  judgment_id?: number;
}

/**
 * Human-verified pairs from campaign judgments (winner = chosen). Per comparison, the majority verdict is
 * the one of sample a, sample b, tie and both-bad given by more judgments than any other (none when two
 * lead together); `agreement` is its share of the comparison's judgments. Ties and both-bad never become
 * pairs.
 * - `majority`: a pair per comparison whose majority prefers a sample;
 * - `confirmed`: only those preferring sample a: a verify-pairs campaign's proposed chosen, confirmed;
 * - `per-judgment`: a pair per judgment preferring a sample, `agreement` being the share of the
 *   comparison's judgments preferring the same one.
 * Scores and margin come from the comparison's pair proposal, matched by sample id, when it has one.
 */
export function* campaignPairs(
  db: Db,
  query: { campaignIds: readonly number[]; mode: "majority" | "confirmed" | "per-judgment" } & PairFilters,
): Generator<PairRow> {
  const perJudgment = query.mode === "per-judgment";
  const { lo, hi } = campaignRange(db, perJudgment ? "human_judgments" : "comparisons", query.campaignIds);
  if (lo === null) return;
  const { clauses, params } = commonWhere(query, ["sa", "sb"]);
  if (query.minVotes !== undefined) clauses.push("v.votes >= @min_votes");
  const aLeads = "v.a > v.b AND v.a > v.tie AND v.a > v.bad";
  const bLeads = "v.b > v.a AND v.b > v.tie AND v.b > v.bad";
  // The share agreeing with the pair's direction: the majority's, or the judgment's own winner's.
  const agree = perJudgment ? "CASE WHEN x.winner_sample_id = c.sample_a_id THEN v.a ELSE v.b END" : "MAX(v.a, v.b)";
  if (query.mode === "majority") clauses.push(`((${aLeads}) OR (${bLeads}))`);
  if (query.mode === "confirmed") clauses.push(`(${aLeads})`);
  if (perJudgment) clauses.push("x.verdict = 'win'");
  if (query.minAgreement !== undefined) clauses.push(`${agree} >= (@min_agreement - @slack) * v.votes`);
  const scoreOf = (side: "a" | "b") =>
    `CASE WHEN p.chosen_sample_id = c.sample_${side}_id THEN p.chosen_score WHEN p.rejected_sample_id = c.sample_${side}_id THEN p.rejected_score END`;
  const from = perJudgment
    ? "human_judgments x CROSS JOIN comparisons c ON c.id = x.comparison_id"
    : "comparisons c";
  const walk = perJudgment ? "x" : "c";
  const rows = db
    .prepare(
      `WITH v AS (
         SELECT x.comparison_id AS id, COUNT(*) AS votes, SUM(x.winner_sample_id = c.sample_a_id) AS a,
           SUM(x.winner_sample_id = c.sample_b_id) AS b, SUM(x.verdict = 'tie') AS tie, SUM(x.verdict = 'both-bad') AS bad
         FROM human_judgments x CROSS JOIN comparisons c ON c.id = x.comparison_id
         WHERE x.campaign_id IN (SELECT value FROM json_each(@campaigns)) GROUP BY x.comparison_id)
       SELECT c.id AS comparison_id, c.campaign_id, ${instructionColumns}, sa.id AS a_id, sb.id AS b_id, sa.text AS a_text, sb.text AS b_text,
         ma.name AS a_model, mb.name AS b_model, ${scoreOf("a")} AS a_score, ${scoreOf("b")} AS b_score, v.votes, v.a, v.b
         ${perJudgment ? ", x.winner_sample_id, x.id AS judgment_id" : ""}
       FROM ${from} CROSS JOIN v ON v.id = c.id CROSS JOIN instructions i ON i.id = c.instruction_id
         CROSS JOIN samples sa ON sa.id = c.sample_a_id CROSS JOIN samples sb ON sb.id = c.sample_b_id CROSS JOIN models ma ON ma.id = sa.model_id
         CROSS JOIN models mb ON mb.id = sb.model_id LEFT JOIN pair_proposals p ON p.id = c.proposal_id
       WHERE ${walk}.id BETWEEN @lo AND @hi AND +${walk}.campaign_id IN (SELECT value FROM json_each(@campaigns))${and(clauses)}
       ORDER BY ${walk}.id`,
    )
    .iterate({ ...params, campaigns: JSON.stringify(query.campaignIds), lo, hi, min_votes: query.minVotes, min_agreement: query.minAgreement, slack: agreementSlack }) as IterableIterator<ComparisonSqlRow>;
  for (const r of rows) {
    const aWins = perJudgment ? r.winner_sample_id === r.a_id : r.a > r.b;
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
      agreement: r[w] / r.votes,
      source: perJudgment ? `campaign ${r.campaign_id} judgment ${r.judgment_id}` : `campaign ${r.campaign_id} ${query.mode}`,
    };
  }
}

interface SftSqlRow extends InstructionFields {
  sample_id: number;
  text: string;
  model: string;
  score: number | null;
  status?: string;
}

const sftRow = (r: SftSqlRow, source: string): SftRow => ({
  ...instructionFieldsOf(r),
  text: r.text,
  model: r.model,
  sample_id: r.sample_id,
  score: nullable(r.score),
  source,
});

/** What a pair run scored its samples with. */
export interface RunScoring {
  id: number;
  set_id: number;
  judge_model_id: number;
  template_hash: string;
  model_ids: number[] | null;
  length_weight: number;
  exclude_flags: string[];
  flag_penalty: number;
}

/**
 * S of a sample under a run's settings as a SQL function, so one query can pick each instruction's best
 * sample with the very code that made the run's proposals (server/pairs/scored-samples.ts); null when the
 * sample has no S or raises an excluded flag.
 */
function registerScore(db: Db) {
  const parsed = new Map<string, string[]>();
  const list = (json: string) => {
    let value = parsed.get(json);
    if (!value) parsed.set(json, (value = JSON.parse(json) as string[]));
    return value;
  };
  db.function(
    "longpref_export_score",
    { deterministic: true },
    (required: unknown, words: unknown, quality: unknown, flags: unknown, weight: unknown, exclude: unknown, penalty: unknown) => {
      const s = scoreSample(
        { requiredLength: required as number | null, wordCount: words as number | null, qualityScore: quality as number | null, flags: list(flags as string) },
        { lengthWeight: weight as number, excludeFlags: list(exclude as string), flagPenalty: penalty as number },
      );
      return s.excluded_by.length > 0 ? null : s.score;
    },
  );
}

/**
 * SFT examples: per instruction of the run's set, its best finished sample (highest S under the run's
 * judge, template and settings, among the run's models; ties to the lower sample id), in set order.
 */
export function* sftBest(db: Db, query: { run: RunScoring } & Pick<PairFilters, "lengthRange" | "excludeFlags">): Generator<SftRow> {
  registerScore(db);
  const { clauses, params } = commonWhere({ excludeFlags: query.excludeFlags }, ["s2"]);
  const instructionWhere = commonWhere({ lengthRange: query.lengthRange }, []);
  const score = (s: string, x: string) => `longpref_export_score(i.required_length, ${s}.word_count, ${x}.quality_score, ${s}.flags, @weight, @exclude, @penalty)`;
  const judged = (s: string, x: string) => `${x}.sample_id = ${s}.id AND ${x}.judge_model_id = @judge AND ${x}.template_hash = @hash AND ${x}.status = 'done'`;
  const rows = db
    .prepare(
      `SELECT ${instructionColumns}, s.id AS sample_id, s.text, m.name AS model, ${score("s", "x")} AS score
       FROM instructions i
         CROSS JOIN samples s ON s.id = (
           SELECT s2.id FROM samples s2 CROSS JOIN judge_scores x2 ON ${judged("s2", "x2")}
           WHERE s2.instruction_id = i.id AND s2.status = 'done' AND (@models IS NULL OR s2.model_id IN (SELECT value FROM json_each(@models)))
             AND ${score("s2", "x2")} IS NOT NULL${and(clauses)}
           ORDER BY ${score("s2", "x2")} DESC, s2.id LIMIT 1)
         CROSS JOIN judge_scores x ON ${judged("s", "x")} CROSS JOIN models m ON m.id = s.model_id
       WHERE i.set_id = @set${and(instructionWhere.clauses)}
       ORDER BY i.position`,
    )
    .iterate({
      ...params,
      ...instructionWhere.params,
      set: query.run.set_id,
      judge: query.run.judge_model_id,
      hash: query.run.template_hash,
      models: query.run.model_ids && JSON.stringify(query.run.model_ids),
      weight: query.run.length_weight,
      exclude: JSON.stringify(query.run.exclude_flags),
      penalty: query.run.flag_penalty,
    }) as IterableIterator<SftSqlRow>;
  for (const r of rows) yield sftRow(r, `pair-run ${query.run.id} best`);
}

/** SFT examples: the chosen sample of each of a run's proposals in the given statuses, in set order. */
export function* sftChosen(db: Db, query: { runId: number; statuses: readonly ProposalStatus[] } & Pick<PairFilters, "lengthRange" | "excludeFlags">): Generator<SftRow> {
  const { lo, hi } = proposalRange(db, query.runId);
  if (lo === null) return;
  const { clauses, params } = commonWhere(query, ["s"]);
  const rows = db
    .prepare(
      `SELECT ${instructionColumns}, s.id AS sample_id, s.text, m.name AS model, p.chosen_score AS score, p.status
       FROM pair_proposals p CROSS JOIN instructions i ON i.id = p.instruction_id
         CROSS JOIN samples s ON s.id = p.chosen_sample_id CROSS JOIN models m ON m.id = p.model_id
       WHERE p.id BETWEEN @lo AND @hi AND +p.run_id = @run AND p.status IN (SELECT value FROM json_each(@statuses))${and(clauses)}
       ORDER BY p.id`,
    )
    .iterate({ ...params, run: query.runId, lo, hi, statuses: JSON.stringify(query.statuses) }) as IterableIterator<SftSqlRow>;
  for (const r of rows) yield sftRow(r, `pair-run ${query.runId} chosen (${r.status})`);
}

interface BattleSqlRow {
  judgment_id: number;
  comparison_id: number;
  campaign_id: number;
  external_id: string;
  length_range: string | null;
  category: string | null;
  lang: string;
  model_a: string;
  model_b: string;
  annotator: string;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  sample_a_id: number;
  left_sample_id: number;
  margin: "slightly" | "much" | null;
  created_at: string;
}

/**
 * Every human judgment of the campaigns as a battle record (../shared/fixtures/judgments-a): model_a is
 * the comparison's sample a's model. Both-bad stays "both_bad": `longpref stats` reads it
 * (shared/schemas/battles.ts) and counts it as a tie, as FastChat counts "tie (bothbad)" (stats spec S1:
 * s = 0.5), while the dashboard's tally and agreement can still tell it from a tie. Readers that know the
 * fixture's three winners only ask for it as "tie".
 */
export function* battleRows(
  db: Db,
  query: { campaignIds: readonly number[]; bothBadAsTie?: boolean } & Pick<PairFilters, "lengthRange" | "excludeFlags">,
): Generator<BattleRow> {
  const { lo, hi } = campaignRange(db, "human_judgments", query.campaignIds);
  if (lo === null) return;
  const { clauses, params } = commonWhere(query, ["sa", "sb"]);
  const rows = db
    .prepare(
      `SELECT x.id AS judgment_id, x.comparison_id, x.campaign_id, i.external_id, i.length_range, i.category, i.lang,
         ma.name AS model_a, mb.name AS model_b, u.username AS annotator, x.verdict, x.winner_sample_id, c.sample_a_id,
         x.left_sample_id, x.margin, x.created_at
       FROM human_judgments x CROSS JOIN comparisons c ON c.id = x.comparison_id CROSS JOIN instructions i ON i.id = c.instruction_id
         CROSS JOIN samples sa ON sa.id = c.sample_a_id CROSS JOIN samples sb ON sb.id = c.sample_b_id
         CROSS JOIN models ma ON ma.id = sa.model_id CROSS JOIN models mb ON mb.id = sb.model_id CROSS JOIN users u ON u.id = x.user_id
       WHERE x.id BETWEEN @lo AND @hi AND +x.campaign_id IN (SELECT value FROM json_each(@campaigns))${and(clauses)}
       ORDER BY x.id`,
    )
    .iterate({ ...params, lo, hi, campaigns: JSON.stringify(query.campaignIds) }) as IterableIterator<BattleSqlRow>;
  for (const r of rows) {
    const winner =
      r.verdict === "win" ? (r.winner_sample_id === r.sample_a_id ? "model_a" : "model_b") : r.verdict === "both-bad" && !query.bothBadAsTie ? "both_bad" : "tie";
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
      left: r.left_sample_id === r.sample_a_id ? "model_a" : "model_b",
      campaign_id: r.campaign_id,
      judgment_id: r.judgment_id,
      margin: r.margin,
      created_at: r.created_at,
      external_id: r.external_id,
    };
  }
}
