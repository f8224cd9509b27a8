import type { PageWindow } from "../../../shared/schemas/page";
import type { Db } from "../open";
import { realComparison, statJudgment } from "./gold-sql";
import { pagedList } from "./paging";
import { jsonValues } from "./sql-dialect";

// What the statistics read of the pairwise judge's answers (docs/decisions/035-judge-beside-the-humans.md):
// read-only. An answer is cached per ordered pair of samples, judge model and template hash, whichever job
// asked it, so a pair's two orders are found by sample ids, never by job: a campaign comparison counts as
// judged by a judge as soon as any of its jobs answered both orders.

/** One pair of a job with its two orders as answered by the job's judge and template (null: not asked yet). */
export interface JobPairRow {
  sample_a_id: number;
  sample_b_id: number;
  comparison_id: number | null;
  /** Order a first (a shown as Response A). */
  a_status: string | null;
  a_verdict: number | null;
  /** Order b first, the verdict as written (A = b). */
  b_status: string | null;
  b_verdict: number | null;
}

/** A campaign comparison whose two orders the judge answered, with what a battle record carries. */
export interface JudgedComparisonRow {
  comparison_id: number;
  campaign_id: number;
  external_id: string;
  length_range: string | null;
  category: string | null;
  lang: string;
  model_a: string;
  model_b: string;
  sample_a_id: number;
  sample_b_id: number;
  a_verdict: number;
  b_verdict: number;
}

/** One human judgment of a comparison, its winner as a sample id (null: tie or both-bad). */
export interface HumanVerdictRow {
  comparison_id: number;
  user_id: number;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  sample_a_id: number;
  sample_b_id: number;
}

export interface PairJudgeJobBasics {
  id: number;
  source: string;
  campaign_id: number | null;
  judge_model_id: number;
  template_id: number;
  template_hash: string;
}

/** A judge model with a pairwise template that some pair judge job used. */
export interface JudgeIdentityRow {
  judge_model_id: number;
  judge_model_name: string;
  template_id: number;
  template_name: string;
  builtin: number;
  template_hash: string;
  jobs: number;
}

// The two orders of a pair (a, b) by judge model and template hash, in the unique index's column order.
const bothOrders = (a: string, b: string, model: string, hash: string) =>
  `LEFT JOIN pair_judgments f ON f.first_sample_id = ${a} AND f.second_sample_id = ${b} AND f.judge_model_id = ${model} AND f.template_hash = ${hash}
   LEFT JOIN pair_judgments s ON s.first_sample_id = ${b} AND s.second_sample_id = ${a} AND s.judge_model_id = ${model} AND s.template_hash = ${hash}`;

export function judgeVerdictsRepo(db: Db) {
  const job = db.prepare<[number], PairJudgeJobBasics>(
    `SELECT j.id, j.source, j.campaign_id, j.judge_model_id, j.template_id, t.hash AS template_hash
     FROM pair_judge_jobs j JOIN judge_templates t ON t.id = j.template_id WHERE j.id = ?`,
  );
  const jobPairs = db.prepare<{ job: number; model: number; hash: string }, JobPairRow>(
    `SELECT it.sample_a_id, it.sample_b_id, it.comparison_id, f.status AS a_status, f.verdict AS a_verdict,
       s.status AS b_status, s.verdict AS b_verdict
     FROM pair_judge_items it ${bothOrders("it.sample_a_id", "it.sample_b_id", "@model", "@hash")}
     WHERE it.job_id = @job ORDER BY it.sample_a_id, it.sample_b_id`,
  );
  const jobHumanVerdicts = db.prepare<[number], HumanVerdictRow>(
    `SELECT x.comparison_id, x.user_id, x.verdict, x.winner_sample_id, c.sample_a_id, c.sample_b_id
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id
     WHERE x.comparison_id IN (SELECT comparison_id FROM pair_judge_items WHERE job_id = ? AND comparison_id IS NOT NULL)
       AND ${statJudgment("x", "c")}
     ORDER BY x.comparison_id, x.id`,
  );
  const judgedComparisons = db.prepare<{ campaigns: string; model: number; hash: string }, JudgedComparisonRow>(
    `SELECT c.id AS comparison_id, c.campaign_id, i.external_id, i.length_range, i.category, i.lang, ma.name AS model_a,
       mb.name AS model_b, c.sample_a_id, c.sample_b_id, f.verdict AS a_verdict, s.verdict AS b_verdict
     FROM comparisons c JOIN instructions i ON i.id = c.instruction_id
       JOIN samples sa ON sa.id = c.sample_a_id JOIN samples sb ON sb.id = c.sample_b_id
       JOIN models ma ON ma.id = sa.model_id JOIN models mb ON mb.id = sb.model_id
       ${bothOrders("c.sample_a_id", "c.sample_b_id", "@model", "@hash")}
     WHERE c.campaign_id IN ${jsonValues(db, "@campaigns")} AND ${realComparison("c")} AND f.status = 'done' AND s.status = 'done'
     ORDER BY c.id`,
  );
  const campaignHumanVerdicts = db.prepare<[string], HumanVerdictRow>(
    `SELECT x.comparison_id, x.user_id, x.verdict, x.winner_sample_id, c.sample_a_id, c.sample_b_id
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id
     WHERE x.campaign_id IN ${jsonValues(db, "?")} AND ${statJudgment("x", "c")} ORDER BY x.comparison_id, x.id`,
  );
  // word_count is stored for every finished sample but imported ones of old databases; only those read the text.
  const words = db.prepare<[number], { word_count: number | null; text: string | null }>(
    "SELECT word_count, CASE WHEN word_count IS NULL THEN text END AS text FROM samples WHERE id = ?",
  );
  const identityColumns = `j.judge_model_id, m.name AS judge_model_name, j.template_id, t.name AS template_name, t.builtin,
       t.hash AS template_hash, COUNT(*) AS jobs`;
  const identityFrom = `FROM pair_judge_jobs j JOIN models m ON m.id = j.judge_model_id JOIN judge_templates t ON t.id = j.template_id`;
  const identities = pagedList(
    db,
    `SELECT ${identityColumns} ${identityFrom} GROUP BY j.judge_model_id, j.template_id
     ORDER BY m.name, j.judge_model_id, t.builtin DESC, t.name, j.template_id`,
    "SELECT COUNT(*) AS n FROM (SELECT DISTINCT judge_model_id, template_id FROM pair_judge_jobs) d",
    (row: JudgeIdentityRow) => row,
  );
  const allIdentities = db.prepare<[], JudgeIdentityRow>(
    `SELECT ${identityColumns} ${identityFrom} GROUP BY j.judge_model_id, j.template_id ORDER BY m.name, j.judge_model_id, j.template_id`,
  );
  const identity = db.prepare<{ model: number; template: number }, JudgeIdentityRow>(
    `SELECT ${identityColumns} ${identityFrom} WHERE j.judge_model_id = @model AND j.template_id = @template
     GROUP BY j.judge_model_id, j.template_id`,
  );
  const pairsJudged = db.prepare<{ model: number; template: number; hash: string }, { n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT DISTINCT it.sample_a_id, it.sample_b_id
       FROM pair_judge_jobs j JOIN pair_judge_items it ON it.job_id = j.id
         ${bothOrders("it.sample_a_id", "it.sample_b_id", "@model", "@hash")}
       WHERE j.judge_model_id = @model AND j.template_id = @template AND f.status = 'done' AND s.status = 'done') d`,
  );
  // The campaigns its jobs are over, and any campaign with a comparison whose two orders it answered, whichever
  // job asked them (a verify-pairs campaign over proposals a pair-run job judged). Each campaign's comparisons
  // are walked until the first hit.
  const campaignsJudged = db.prepare<{ model: number; template: number; hash: string }, { id: number }>(
    `SELECT campaign_id AS id FROM pair_judge_jobs WHERE judge_model_id = @model AND template_id = @template AND campaign_id IS NOT NULL
     UNION
     SELECT cp.id FROM campaigns cp WHERE EXISTS (
       SELECT 1 FROM comparisons c ${bothOrders("c.sample_a_id", "c.sample_b_id", "@model", "@hash")}
       WHERE c.campaign_id = cp.id AND f.status = 'done' AND s.status = 'done')
     ORDER BY id`,
  );

  return {
    job: (id: number) => job.get(id),
    /** Every pair of the job with both orders' status and verdict under its judge and template. */
    jobPairs: (j: PairJudgeJobBasics) => jobPairs.all({ job: j.id, model: j.judge_model_id, hash: j.template_hash }),
    /** Human judgments of the job's comparisons. */
    jobHumanVerdicts: (jobId: number) => jobHumanVerdicts.all(jobId),
    /** The campaigns' comparisons with both orders answered by this judge model and template hash, in id order. */
    judgedComparisons: (campaignIds: readonly number[], judgeModelId: number, templateHash: string) =>
      judgedComparisons.all({ campaigns: JSON.stringify(campaignIds), model: judgeModelId, hash: templateHash }),
    /** Every human judgment of the campaigns, by comparison. */
    campaignHumanVerdicts: (campaignIds: readonly number[]) => campaignHumanVerdicts.all(JSON.stringify(campaignIds)),
    /** A sample's stored word count and, only when none is stored, its text to count; undefined if gone. */
    words: (sampleId: number) => words.get(sampleId),
    /** A page of the judge identities: judge models with each pairwise template some job used. */
    identitiesPage: (window: PageWindow) => identities(window),
    allIdentities: () => allIdentities.all(),
    identity: (judgeModelId: number, templateId: number) => identity.get({ model: judgeModelId, template: templateId }),
    /** Distinct pairs of its jobs with both orders answered. */
    pairsJudged: (judgeModelId: number, templateId: number, templateHash: string) =>
      pairsJudged.get({ model: judgeModelId, template: templateId, hash: templateHash })!.n,
    /** Campaigns its jobs are over, and campaigns with a comparison whose two orders it answered. */
    campaignsJudged: (judge: { judge_model_id: number; template_id: number; template_hash: string }) =>
      campaignsJudged.all({ model: judge.judge_model_id, template: judge.template_id, hash: judge.template_hash }).map((r) => r.id),
  };
}
