import type { ProposalStatus } from "../../../shared/schemas/pairs";

// A proposal's status as the API presents it (docs/decisions/036-judge-confirmed-proposals.md). The status
// column keeps the human decision ('proposed' until a researcher or annotators decide; its CHECK cannot gain
// a value without a table rebuild); a judge's confirmation lives in judge_confirmed_job_id and shows only
// while no human has decided.

/** The status a proposal is stored with: every presented status but the judge's. */
export type StoredProposalStatus = Exclude<ProposalStatus, "judge-confirmed">;

/** SQL: the presented status of the proposal row `p`. */
export const presentedStatusSql = (p: string) =>
  `(CASE WHEN ${p}.status = 'proposed' AND ${p}.judge_confirmed_job_id IS NOT NULL THEN 'judge-confirmed' ELSE ${p}.status END)`;

/** SQL: the row `p` presents this status, in a form the (run_id, status) index serves. */
export function hasStatusSql(p: string, status: ProposalStatus): string {
  if (status === "judge-confirmed") return `${p}.status = 'proposed' AND ${p}.judge_confirmed_job_id IS NOT NULL`;
  if (status === "proposed") return `${p}.status = 'proposed' AND ${p}.judge_confirmed_job_id IS NULL`;
  return `${p}.status = '${status}'`;
}
