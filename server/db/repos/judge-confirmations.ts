import type { Db } from "../open";

/** One unreviewed proposal with the judge's cached answer in each order, if any. */
export interface ProposalAnswers {
  proposal_id: number;
  /** The job of an earlier confirmation; null when none. */
  confirmed_job_id: number | null;
  /** chosen shown as Response A. */
  chosen_first: AnswerRow | null;
  /** rejected shown as Response A. */
  rejected_first: AnswerRow | null;
}

export interface AnswerRow {
  job_id: number;
  status: "queued" | "running" | "done" | "failed";
  verdict: number | null;
}

interface Row {
  proposal_id: number;
  confirmed_job_id: number | null;
  cf_job: number | null;
  cf_status: AnswerRow["status"] | null;
  cf_verdict: number | null;
  rf_job: number | null;
  rf_status: AnswerRow["status"] | null;
  rf_verdict: number | null;
}

const answer = (job: number | null, status: AnswerRow["status"] | null, verdict: number | null): AnswerRow | null =>
  job === null || status === null ? null : { job_id: job, status, verdict };

/**
 * A judge's confirmation of pair proposals (docs/decisions/036-judge-confirmed-proposals.md): reads the
 * pairwise judge's cached answers (pair_judgments, one per ordered pair of samples) for a run's proposals and
 * marks those both orders agreed with.
 */
export function judgeConfirmationsRepo(db: Db) {
  // The cache is keyed by the ordered pair of samples, so both lookups use its UNIQUE index.
  const order = (alias: string, first: string, second: string) =>
    `LEFT JOIN pair_judgments ${alias} ON ${alias}.first_sample_id = p.${first} AND ${alias}.second_sample_id = p.${second}
       AND ${alias}.judge_model_id = @judge AND ${alias}.template_hash = @hash`;
  const answers = db.prepare<{ run: number; judge: number; hash: string }, Row>(
    `SELECT p.id AS proposal_id, p.judge_confirmed_job_id AS confirmed_job_id,
       cf.job_id AS cf_job, cf.status AS cf_status, cf.verdict AS cf_verdict,
       rf.job_id AS rf_job, rf.status AS rf_status, rf.verdict AS rf_verdict
     FROM pair_proposals p
       ${order("cf", "chosen_sample_id", "rejected_sample_id")}
       ${order("rf", "rejected_sample_id", "chosen_sample_id")}
     WHERE p.run_id = @run AND p.status = 'proposed'
     ORDER BY p.id`,
  );
  // Only an unreviewed, unconfirmed proposal: an earlier confirmation keeps its job and time (idempotent).
  const confirm = db.prepare<{ id: number; job: number; at: string }>(
    `UPDATE pair_proposals SET judge_confirmed_job_id = @job, judge_confirmed_at = @at
     WHERE id = @id AND status = 'proposed' AND judge_confirmed_job_id IS NULL`,
  );

  return {
    /** The run's proposals no human has decided (stored status 'proposed'), with this judge's two answers. */
    unreviewedAnswers: (runId: number, judgeModelId: number, templateHash: string): ProposalAnswers[] =>
      answers.all({ run: runId, judge: judgeModelId, hash: templateHash }).map((r) => ({
        proposal_id: r.proposal_id,
        confirmed_job_id: r.confirmed_job_id,
        chosen_first: answer(r.cf_job, r.cf_status, r.cf_verdict),
        rejected_first: answer(r.rf_job, r.rf_status, r.rf_verdict),
      })),
    /** Marks the proposal judge-confirmed by this job; false when it was confirmed already or is reviewed. */
    confirm: (proposalId: number, jobId: number, at: Date) => confirm.run({ id: proposalId, job: jobId, at: at.toISOString() }).changes > 0,
  };
}
