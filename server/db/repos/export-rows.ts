import type { ProposalStatus } from "../../../shared/schemas/pairs";
import { dialectOf } from "../dialect";
import type { Db } from "../open";
import { realComparison, statJudgment } from "./gold-sql";
import { presentedStatusSql } from "./proposal-status-sql";
import { crossJoin, greatest, jsonValues, utf8Bytes } from "./sql-dialect";

// The rows exports read, as `.iterate()` walks over the given connection: rows are read as they are
// written, so memory stays flat however many pairs a run holds. Each query walks its main table in id order
// (a rowid range, or an index ending in id) so SQLite never sorts rows carrying the long texts; CROSS JOIN
// fixes the join order (the walked table first), `+x.column` keeps SQLite off that column's index. While an
// iteration is open its connection is busy: the HTTP route gives each export a connection of its own
// (server/export/connection.ts). Output texts are read as their UTF-8 bytes (CAST AS BLOB: a Buffer, never
// decoded to a JS string): the JSONL writer escapes them as bytes (server/export/json-bytes.ts). The filters change the statement's text, so each export prepares its one
// statement when it starts rather than once per repository.

/** Filters every pair query understands. */
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

/** The instruction's columns every export row carries. */
export interface InstructionColumns {
  instruction_id: number;
  external_id: string;
  set_name: string;
  prompt: string;
  lang: string;
  length_range: string | null;
  category: string | null;
}

const instructionColumns =
  "i.id AS instruction_id, i.external_id, (SELECT name FROM instruction_sets WHERE id = i.set_id) AS set_name, i.prompt, i.lang, i.length_range, i.category";

/** SQL conditions and their parameters for the length range and flag filters on the given sample aliases. */
function commonWhere(db: Db, filters: PairFilters, sampleAliases: string[]) {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.lengthRange === "none") clauses.push("i.length_range IS NULL");
  else if (filters.lengthRange !== undefined) {
    clauses.push("i.length_range = @length_range");
    params.length_range = filters.lengthRange;
  }
  if (filters.excludeFlags === true) {
    for (const s of sampleAliases) clauses.push(`${s}.flags = '[]'`);
  } else if (filters.excludeFlags !== undefined) {
    params.exclude_flags = JSON.stringify(filters.excludeFlags);
    for (const s of sampleAliases) {
      clauses.push(
        `NOT EXISTS (SELECT 1 FROM ${jsonValues(db, `${s}.flags`, "text")} f WHERE f.value IN ${jsonValues(db, "@exclude_flags", "text")})`,
      );
    }
  }
  return { clauses, params };
}

/** How many rows meet the condition (PostgreSQL sums no booleans). */
const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

const and = (clauses: string[]) => clauses.map((c) => ` AND ${c}`).join("");
const none = <T>(): IterableIterator<T> => [][Symbol.iterator]();

export interface ProposalSqlRow extends InstructionColumns {
  id: number;
  status: ProposalStatus;
  chosen_sample_id: number;
  rejected_sample_id: number;
  chosen_text: Buffer;
  rejected_text: Buffer;
  model: string;
  chosen_score: number;
  rejected_score: number;
  margin: number;
  votes: number | null;
  agree: number | null;
}

export interface ComparisonSqlRow extends InstructionColumns {
  comparison_id: number;
  campaign_id: number;
  a_id: number;
  b_id: number;
  a_text: Buffer;
  b_text: Buffer;
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

export interface SftSqlRow extends InstructionColumns {
  sample_id: number;
  text: Buffer;
  model: string;
  score: number | null;
  status?: string;
}

export interface BattleSqlRow {
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
  sample_b_id: number;
  left_sample_id: number;
  margin: "slightly" | "much" | null;
  created_at: string;
}

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

/** S of a sample under a run's settings, null when it has none or raises an excluded flag. */
export type SampleScorer = (
  sample: { requiredLength: number | null; wordCount: number | null; qualityScore: number | null; flags: string[] },
  settings: { lengthWeight: number; excludeFlags: string[]; flagPenalty: number },
) => number | null;

/** `weighted`: every comparison, whatever its votes; the caller picks by the Dawid–Skene posterior. */
export type CampaignPairMode = "majority" | "confirmed" | "per-judgment" | "weighted";

export function exportRowsRepo(db: Db) {
  const cross = crossJoin(db);
  /** The id range a run's proposals occupy: they are stored in one transaction, so the range holds no others. */
  const proposalRange = (runId: number) =>
    db
      .prepare<[number], { lo: number | null; hi: number | null }>(
        "SELECT MIN(id) AS lo, MAX(id) AS hi FROM pair_proposals WHERE run_id = ?",
      )
      .get(runId)!;

  /** The id range of the campaigns' comparisons or human judgments: a walk in id order, filtered to the campaigns. */
  const campaignRange = (table: "comparisons" | "human_judgments", campaignIds: readonly number[]) =>
    db
      .prepare<[string], { lo: number | null; hi: number | null }>(
        `SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${table} WHERE campaign_id IN ${jsonValues(db, "?")}`,
      )
      .get(JSON.stringify(campaignIds))!;

  /**
   * S of a sample under a run's settings as a SQL function, so one query can pick each instruction's best
   * sample with the very code that made the run's proposals (given by the caller).
   */
  function registerScore(score: SampleScorer) {
    const parsed = new Map<string, string[]>();
    const list = (json: string) => {
      let value = parsed.get(json);
      if (!value) parsed.set(json, (value = JSON.parse(json) as string[]));
      return value;
    };
    db.function(
      "longpref_export_score",
      { deterministic: true },
      (required: unknown, words: unknown, quality: unknown, flags: unknown, weight: unknown, exclude: unknown, penalty: unknown) =>
        score(
          {
            requiredLength: required as number | null,
            wordCount: words as number | null,
            qualityScore: quality as number | null,
            flags: list(flags as string),
          },
          { lengthWeight: weight as number, excludeFlags: list(exclude as string), flagPenalty: penalty as number },
        ),
    );
  }

  /**
   * sftBest where the database cannot call the scorer (PostgreSQL runs no JS functions): every candidate's
   * scoring columns in set order, the best per instruction picked here, only its text read (beside the walk).
   */
  function* sftBestScoredHere(
    query: { run: RunScoring } & Pick<PairFilters, "lengthRange" | "excludeFlags">,
    score: SampleScorer,
  ): Generator<SftSqlRow> {
    const { clauses, params } = commonWhere(db, { excludeFlags: query.excludeFlags, lengthRange: query.lengthRange }, ["s"]);
    type Candidate = InstructionColumns & {
      required_length: number | null;
      sample_id: number;
      word_count: number | null;
      flags: string;
      quality_score: number | null;
      model: string;
    };
    const candidates = db
      .prepare(
        `SELECT ${instructionColumns}, i.required_length, s.id AS sample_id, s.word_count, s.flags, x.quality_score, m.name AS model
         FROM instructions i JOIN samples s ON s.instruction_id = i.id
           JOIN judge_scores x ON x.sample_id = s.id AND x.judge_model_id = @judge AND x.template_hash = @hash AND x.status = 'done'
           JOIN models m ON m.id = s.model_id
         WHERE i.set_id = @set AND s.status = 'done' AND (CAST(@models AS TEXT) IS NULL OR s.model_id IN ${jsonValues(db, "@models")})${and(clauses)}
         ORDER BY i.position, s.id`,
      )
      .iterate({
        ...params,
        set: query.run.set_id,
        judge: query.run.judge_model_id,
        hash: query.run.template_hash,
        models: query.run.model_ids && JSON.stringify(query.run.model_ids),
      }) as IterableIterator<Candidate>;
    const textOf = db.prepare<[number], Buffer>(`SELECT ${utf8Bytes(db, "text")} FROM samples WHERE id = ?`).pluck();
    const settings = { lengthWeight: query.run.length_weight, excludeFlags: query.run.exclude_flags, flagPenalty: query.run.flag_penalty };
    const row = ({ required_length, word_count, flags, quality_score, ...r }: Candidate, s: number): SftSqlRow => ({
      ...r,
      text: textOf.get(r.sample_id)!,
      score: s,
    });
    let best: { candidate: Candidate; score: number } | undefined;
    for (const c of candidates) {
      if (best && best.candidate.instruction_id !== c.instruction_id) {
        yield row(best.candidate, best.score);
        best = undefined;
      }
      const flagList = JSON.parse(c.flags) as string[];
      const s = score(
        { requiredLength: c.required_length, wordCount: c.word_count, qualityScore: c.quality_score, flags: flagList },
        settings,
      );
      // Candidates come in sample id order: a tie keeps the lower id, as the SQLite statement orders them.
      if (s !== null && (!best || s > best.score)) best = { candidate: c, score: s };
    }
    if (best) yield row(best.candidate, best.score);
  }

  return {
    /**
     * A pair run's proposals in the given statuses, in set order, with `votes` (human judgments of the
     * proposal's comparison) and `agree` (those preferring its chosen) where a verify-pairs campaign judged it.
     */
    proposals(query: { runId: number; statuses: readonly ProposalStatus[] } & PairFilters): IterableIterator<ProposalSqlRow> {
      const { lo, hi } = proposalRange(query.runId);
      if (lo === null) return none();
      const { clauses, params } = commonWhere(db, query, ["sc", "sr"]);
      if (query.minVotes !== undefined) clauses.push("COALESCE(v.votes, 0) >= @min_votes");
      if (query.minAgreement !== undefined)
        clauses.push("v.votes > 0 AND v.agree >= (CAST(@min_agreement AS DOUBLE PRECISION) - @slack) * v.votes");
      return db
        .prepare(
          `WITH v AS (
             SELECT c.proposal_id, COUNT(x.id) AS votes, ${count("x.winner_sample_id = p.chosen_sample_id")} AS agree
             FROM comparisons c ${cross} pair_proposals p ON p.id = c.proposal_id ${cross} human_judgments x ON x.comparison_id = c.id
             WHERE p.run_id = @run AND ${statJudgment("x", "c")} GROUP BY c.proposal_id)
           SELECT p.id, ${presentedStatusSql("p")} AS status, ${instructionColumns}, p.chosen_sample_id, p.rejected_sample_id, ${utf8Bytes(db, "sc.text")} AS chosen_text, ${utf8Bytes(db, "sr.text")} AS rejected_text,
             m.name AS model, p.chosen_score, p.rejected_score, p.margin, v.votes, v.agree
           FROM pair_proposals p ${cross} instructions i ON i.id = p.instruction_id
             ${cross} samples sc ON sc.id = p.chosen_sample_id ${cross} samples sr ON sr.id = p.rejected_sample_id ${cross} models m ON m.id = p.model_id
             LEFT JOIN v ON v.proposal_id = p.id
           WHERE p.id BETWEEN @lo AND @hi AND +p.run_id = @run AND ${presentedStatusSql("p")} IN ${jsonValues(db, "@statuses", "text")}${and(clauses)}
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
    },

    /**
     * Campaign comparisons (or, per judgment, human judgments preferring a sample) with their vote counts:
     * `a` and `b` judgments preferring each sample. Per comparison, the majority verdict is the one of sample
     * a, sample b, tie and both-bad given by more judgments than any other (none when two lead together):
     * `majority` keeps comparisons whose majority prefers a sample, `confirmed` those preferring sample a,
     * `weighted` every comparison (min_agreement does not apply to it).
     * Scores come from the comparison's pair proposal, matched by sample id, when it has one.
     */
    comparisons(query: { campaignIds: readonly number[]; mode: CampaignPairMode } & PairFilters): IterableIterator<ComparisonSqlRow> {
      const perJudgment = query.mode === "per-judgment";
      const { lo, hi } = campaignRange(perJudgment ? "human_judgments" : "comparisons", query.campaignIds);
      if (lo === null) return none();
      const { clauses, params } = commonWhere(db, query, ["sa", "sb"]);
      if (query.minVotes !== undefined) clauses.push("v.votes >= @min_votes");
      const aLeads = "v.a > v.b AND v.a > v.tie AND v.a > v.bad";
      const bLeads = "v.b > v.a AND v.b > v.tie AND v.b > v.bad";
      // The share agreeing with the pair's direction: the majority's, or the judgment's own winner's.
      const agree = perJudgment ? "CASE WHEN x.winner_sample_id = c.sample_a_id THEN v.a ELSE v.b END" : greatest(db, "v.a", "v.b");
      if (query.mode === "majority") clauses.push(`((${aLeads}) OR (${bLeads}))`);
      if (query.mode === "confirmed") clauses.push(`(${aLeads})`);
      if (perJudgment) clauses.push("x.verdict = 'win'");
      if (query.minAgreement !== undefined && query.mode !== "weighted")
        clauses.push(`${agree} >= (CAST(@min_agreement AS DOUBLE PRECISION) - @slack) * v.votes`);
      const scoreOf = (side: "a" | "b") =>
        `CASE WHEN p.chosen_sample_id = c.sample_${side}_id THEN p.chosen_score WHEN p.rejected_sample_id = c.sample_${side}_id THEN p.rejected_score END`;
      const from = perJudgment ? `human_judgments x ${cross} comparisons c ON c.id = x.comparison_id` : "comparisons c";
      const walk = perJudgment ? "x" : "c";
      return db
        .prepare(
          `WITH v AS (
             SELECT x.comparison_id AS id, COUNT(*) AS votes, ${count("x.winner_sample_id = c.sample_a_id")} AS a,
               ${count("x.winner_sample_id = c.sample_b_id")} AS b, ${count("x.verdict = 'tie'")} AS tie, ${count("x.verdict = 'both-bad'")} AS bad
             FROM human_judgments x ${cross} comparisons c ON c.id = x.comparison_id
             WHERE x.campaign_id IN ${jsonValues(db, "@campaigns")} AND ${statJudgment("x", "c")} GROUP BY x.comparison_id)
           SELECT c.id AS comparison_id, c.campaign_id, ${instructionColumns}, sa.id AS a_id, sb.id AS b_id, ${utf8Bytes(db, "sa.text")} AS a_text, ${utf8Bytes(db, "sb.text")} AS b_text,
             ma.name AS a_model, mb.name AS b_model, ${scoreOf("a")} AS a_score, ${scoreOf("b")} AS b_score, v.votes, v.a, v.b
             ${perJudgment ? ", x.winner_sample_id, x.id AS judgment_id" : ""}
           FROM ${from} ${cross} v ON v.id = c.id ${cross} instructions i ON i.id = c.instruction_id
             ${cross} samples sa ON sa.id = c.sample_a_id ${cross} samples sb ON sb.id = c.sample_b_id ${cross} models ma ON ma.id = sa.model_id
             ${cross} models mb ON mb.id = sb.model_id LEFT JOIN pair_proposals p ON p.id = c.proposal_id
           WHERE ${walk}.id BETWEEN @lo AND @hi AND +${walk}.campaign_id IN ${jsonValues(db, "@campaigns")}
             AND ${perJudgment ? statJudgment("x", "c") : realComparison("c")}${and(clauses)}
           ORDER BY ${walk}.id`,
        )
        .iterate({
          ...params,
          campaigns: JSON.stringify(query.campaignIds),
          lo,
          hi,
          min_votes: query.minVotes,
          min_agreement: query.minAgreement,
          slack: agreementSlack,
        }) as IterableIterator<ComparisonSqlRow>;
    },

    /**
     * Per instruction of the run's set, its best finished sample (highest S under the run's judge, template
     * and settings, among the run's models; ties to the lower sample id), in set order.
     */
    sftBest(
      query: { run: RunScoring } & Pick<PairFilters, "lengthRange" | "excludeFlags">,
      score: SampleScorer,
    ): IterableIterator<SftSqlRow> {
      if (dialectOf(db) === "postgres") return sftBestScoredHere(query, score);
      registerScore(score);
      const { clauses, params } = commonWhere(db, { excludeFlags: query.excludeFlags }, ["s2"]);
      const instructionWhere = commonWhere(db, { lengthRange: query.lengthRange }, []);
      const scoreSql = (s: string, x: string) =>
        `longpref_export_score(i.required_length, ${s}.word_count, ${x}.quality_score, ${s}.flags, @weight, @exclude, @penalty)`;
      const judged = (s: string, x: string) =>
        `${x}.sample_id = ${s}.id AND ${x}.judge_model_id = @judge AND ${x}.template_hash = @hash AND ${x}.status = 'done'`;
      return db
        .prepare(
          `SELECT ${instructionColumns}, s.id AS sample_id, ${utf8Bytes(db, "s.text")} AS text, m.name AS model, ${scoreSql("s", "x")} AS score
           FROM instructions i
             ${cross} samples s ON s.id = (
               SELECT s2.id FROM samples s2 ${cross} judge_scores x2 ON ${judged("s2", "x2")}
               WHERE s2.instruction_id = i.id AND s2.status = 'done' AND (CAST(@models AS TEXT) IS NULL OR s2.model_id IN ${jsonValues(db, "@models")})
                 AND ${scoreSql("s2", "x2")} IS NOT NULL${and(clauses)}
               ORDER BY ${scoreSql("s2", "x2")} DESC, s2.id LIMIT 1)
             ${cross} judge_scores x ON ${judged("s", "x")} ${cross} models m ON m.id = s.model_id
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
    },

    /** The chosen sample of each of a run's proposals in the given statuses, in set order. */
    sftChosen(
      query: { runId: number; statuses: readonly ProposalStatus[] } & Pick<PairFilters, "lengthRange" | "excludeFlags">,
    ): IterableIterator<SftSqlRow> {
      const { lo, hi } = proposalRange(query.runId);
      if (lo === null) return none();
      const { clauses, params } = commonWhere(db, query, ["s"]);
      return db
        .prepare(
          `SELECT ${instructionColumns}, s.id AS sample_id, ${utf8Bytes(db, "s.text")} AS text, m.name AS model, p.chosen_score AS score, ${presentedStatusSql("p")} AS status
           FROM pair_proposals p ${cross} instructions i ON i.id = p.instruction_id
             ${cross} samples s ON s.id = p.chosen_sample_id ${cross} models m ON m.id = p.model_id
           WHERE p.id BETWEEN @lo AND @hi AND +p.run_id = @run AND ${presentedStatusSql("p")} IN ${jsonValues(db, "@statuses", "text")}${and(clauses)}
           ORDER BY p.id`,
        )
        .iterate({ ...params, run: query.runId, lo, hi, statuses: JSON.stringify(query.statuses) }) as IterableIterator<SftSqlRow>;
    },

    /** Every human judgment of the campaigns with its comparison's models and its annotator, in id order. */
    battles(query: { campaignIds: readonly number[] } & Pick<PairFilters, "lengthRange" | "excludeFlags">): IterableIterator<BattleSqlRow> {
      const { lo, hi } = campaignRange("human_judgments", query.campaignIds);
      if (lo === null) return none();
      const { clauses, params } = commonWhere(db, query, ["sa", "sb"]);
      return db
        .prepare(
          `SELECT x.id AS judgment_id, x.comparison_id, x.campaign_id, i.external_id, i.length_range, i.category, i.lang,
             ma.name AS model_a, mb.name AS model_b, u.username AS annotator, x.verdict, x.winner_sample_id, c.sample_a_id,
             c.sample_b_id, x.left_sample_id, x.margin, x.created_at
           FROM human_judgments x ${cross} comparisons c ON c.id = x.comparison_id ${cross} instructions i ON i.id = c.instruction_id
             ${cross} samples sa ON sa.id = c.sample_a_id ${cross} samples sb ON sb.id = c.sample_b_id
             ${cross} models ma ON ma.id = sa.model_id ${cross} models mb ON mb.id = sb.model_id ${cross} users u ON u.id = x.user_id
           WHERE x.id BETWEEN @lo AND @hi AND +x.campaign_id IN ${jsonValues(db, "@campaigns")} AND ${statJudgment("x", "c")}${and(clauses)}
           ORDER BY x.id`,
        )
        .iterate({ ...params, lo, hi, campaigns: JSON.stringify(query.campaignIds) }) as IterableIterator<BattleSqlRow>;
    },

    /** A sample's instruction prompt and text by id: battles-fastchat's conversations (with_texts). */
    sampleConversation(): (sampleId: number) => { prompt: string; text: string } {
      const statement = db.prepare<[number], { prompt: string; text: string }>(
        "SELECT i.prompt, s.text FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.id = ?",
      );
      return (sampleId) => {
        const row = statement.get(sampleId);
        if (!row) throw new Error(`sample ${sampleId} is gone`);
        return row;
      };
    },

    /**
     * A sample's text and stored word count by id, for what battle records count in it. The battles query
     * reads no column of samples stored after the text: SQLite would walk each long text's overflow pages
     * to reach it, for every judgment. This reads each sample once, beside the open iteration
     * (better-sqlite3 allows reads while an iterator is open).
     */
    sampleOutput(): (sampleId: number) => { text: string; word_count: number | null } {
      const statement = db.prepare<[number], { text: string; word_count: number | null }>(
        "SELECT text, word_count FROM samples WHERE id = ?",
      );
      return (sampleId) => {
        const row = statement.get(sampleId);
        if (!row) throw new Error(`sample ${sampleId} is gone`);
        return row;
      };
    },
  };
}
