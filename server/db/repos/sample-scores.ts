import type { ReportJudgeOption } from "../../../shared/schemas/report";
import type { Db } from "../open";
import { visibleSample } from "./sampling-jobs";
import { crossJoin, jsonValues } from "./sql-dialect";

// A set's finished samples joined with one judge's scores (table `judgments`, keyed by sample, judge model
// and template hash): the rows the length and quality reports, pair runs and the pair review read.
// CROSS JOIN keeps SQLite starting from the set's instructions; left to itself it may start from every
// finished sample of every set.

/** A (judge model, template) that scored the set, with its counts and its newest judge job of the set. */
export interface SetJudgeRow extends ReportJudgeOption {
  template_hash: string;
}

/** A finished sample of a set with what S is made of. */
export interface SetSampleRow {
  sample_id: number;
  instruction_id: number;
  model_id: number;
  external_id: string;
  model_name: string;
  required_length: number | null;
  word_count: number | null;
  flags: string;
  quality_score: number | null;
}

/** A finished sample of a set as the length report reads it, with the report judge's score, if any. */
export interface LengthReportRow {
  sample_id: number;
  model_id: number;
  model_name: string;
  is_reference: number;
  required: number | null;
  produced: number | null;
  range: string | null;
  flags: string;
  /** The report judge's judgment of this sample, if any. */
  judgment: "queued" | "running" | "done" | "failed" | null;
  scores: string | null;
  quality_score: number | null;
}

export function sampleScoresRepo(db: Db) {
  // Grouped by hash, the key judgments are cached under; a job of this set names the template id. The
  // newest job counts even when all its judgments were cached, so rerunning a judge brings it to the top.
  const judgesOfSet = db.prepare<{ set: number }, SetJudgeRow>(
    `SELECT x.judge_model_id, jm.name AS judge_model_name, t.id AS template_id, t.name AS template_name,
       x.template_hash, SUM(CASE WHEN x.status = 'done' THEN 1 ELSE 0 END) AS judged, SUM(CASE WHEN x.status = 'failed' THEN 1 ELSE 0 END) AS judge_failed,
       (SELECT MAX(j.id) FROM judge_jobs j
        WHERE j.set_id = @set AND j.judge_model_id = x.judge_model_id AND j.template_id = t.id) AS newest_job
     FROM instructions i ${crossJoin(db)} samples s ON s.instruction_id = i.id JOIN judge_scores x ON x.sample_id = s.id
       JOIN models jm ON jm.id = x.judge_model_id JOIN judge_templates t ON t.hash = x.template_hash
     WHERE i.set_id = @set AND s.status = 'done'
     GROUP BY x.judge_model_id, x.template_hash, jm.name, t.id, t.name
     HAVING SUM(CASE WHEN x.status = 'done' THEN 1 ELSE 0 END) > 0
     ORDER BY newest_job DESC NULLS LAST, jm.name, t.name`,
  );
  // One query for the whole set: the judgment is found through its unique (sample, judge model, template
  // hash) index, so 400,000 samples cost one pass.
  const setSamples = db.prepare<{ set_id: number; models: string | null; judge_model_id: number; template_hash: string }, SetSampleRow>(
    `SELECT s.id AS sample_id, s.instruction_id, s.model_id, i.external_id, m.name AS model_name, i.required_length,
       s.word_count, s.flags, x.quality_score
     FROM instructions i JOIN samples s ON s.instruction_id = i.id JOIN models m ON m.id = s.model_id
       LEFT JOIN judge_scores x ON x.sample_id = s.id AND x.judge_model_id = @judge_model_id
         AND x.template_hash = @template_hash AND x.status = 'done'
     WHERE i.set_id = @set_id AND s.status = 'done' AND ${visibleSample("s")}
       AND (CAST(@models AS TEXT) IS NULL OR s.model_id IN ${jsonValues(db, "@models")})
     ORDER BY i.position, s.id`,
  );
  const lengthReport = db.prepare<{ set: number; judge_model_id: number | null; template_hash: string | null }, LengthReportRow>(
    `SELECT s.id AS sample_id, s.model_id, m.name AS model_name, m.is_reference, i.required_length AS required,
       s.word_count AS produced, i.length_range AS range, s.flags, x.status AS judgment, x.scores, x.quality_score
     FROM instructions i ${crossJoin(db)} samples s ON s.instruction_id = i.id JOIN models m ON m.id = s.model_id
       LEFT JOIN judge_scores x
         ON x.sample_id = s.id AND x.judge_model_id = @judge_model_id AND x.template_hash = @template_hash
     WHERE i.set_id = @set AND s.status = 'done' AND ${visibleSample("s")}
     ORDER BY m.is_reference DESC, m.name, s.id`,
  );
  const newestJudge = db.prepare<{ set_id: number; instruction_id: number }, { judge_model_id: number; template_id: number }>(
    `SELECT j.judge_model_id, j.template_id FROM judge_jobs j JOIN judge_templates t ON t.id = j.template_id
     WHERE j.set_id = @set_id AND EXISTS (
       SELECT 1 FROM samples s JOIN judge_scores x ON x.sample_id = s.id
       WHERE s.instruction_id = @instruction_id AND x.judge_model_id = j.judge_model_id AND x.template_hash = t.hash)
     ORDER BY j.id DESC LIMIT 1`,
  );

  return {
    /** Every (judge model, template hash) with done or failed scores of the set's finished samples, most recently run first. */
    judgesOfSet: (setId: number) => judgesOfSet.all({ set: setId }),
    /** Every finished sample of a set (optionally of some models) with its S_q under one judge and template, in set order. */
    setSamples: (q: { setId: number; modelIds: number[] | null; judgeModelId: number; templateHash: string }) =>
      setSamples.all({
        set_id: q.setId,
        models: q.modelIds && JSON.stringify(q.modelIds),
        judge_model_id: q.judgeModelId,
        template_hash: q.templateHash,
      }),
    /** Every finished sample of a set with the given judge's judgment (any status), reference models first. */
    forLengthReport: (setId: number, judgeModelId: number | null, templateHash: string | null) =>
      lengthReport.all({ set: setId, judge_model_id: judgeModelId, template_hash: templateHash }),
    /** The judge of the set's newest judge job whose scores (same judge model and template) cover this instruction. */
    newestJudgeOf: (setId: number, instructionId: number) => newestJudge.get({ set_id: setId, instruction_id: instructionId }),
  };
}
