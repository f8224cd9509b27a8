import { t } from "../../common/i18n";
import { proposalStatuses, type PairRun, type ProposalStatus } from "../../../../shared/schemas/pairs";
import { formatNumber } from "../../common/format";
import "./proposal-status.css";

/** What each status means, for titles: the word alone does not say who decided. */
export const proposalStatusTitles = (): Record<ProposalStatus, string> => ({
  proposed: t("as the scores put it; not reviewed yet"),
  "judge-confirmed": t("not reviewed yet; an LLM judge preferred the chosen sample in both orders"),
  accepted: t("kept by a researcher's review"),
  rejected: t("dropped by a researcher's review"),
  confirmed: t("confirmed by annotators"),
  overturned: t("overturned by annotators"),
});

/** The status words in the interface language (called at render time). */
export const proposalStatusNames = (): Record<ProposalStatus, string> => ({
  proposed: t("proposed"),
  "judge-confirmed": t("judge-confirmed"),
  accepted: t("accepted"),
  rejected: t("rejected"),
  confirmed: t("confirmed"),
  overturned: t("overturned"),
});

/** A proposal's status as a small coloured label (the word is always there, not just the colour). */
export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  return (
    <span className={`status proposal-${status}`} title={proposalStatusTitles()[status]}>
      {proposalStatusNames()[status]}
    </span>
  );
}

/** A run's proposals by status, the empty statuses left out: "6 proposed · 2 accepted · 1 rejected". */
export function StatusCounts({ counts, testId }: { counts: PairRun["status_counts"]; testId?: string }) {
  const present = proposalStatuses.filter((s) => counts[s] > 0);
  if (present.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="status-counts" data-testid={testId}>
      {present.map((s) => (
        <li key={s} title={proposalStatusTitles()[s]}>
          <span className={`count-dot proposal-${s}`} aria-hidden="true" />
          <strong>{formatNumber(counts[s])}</strong> {proposalStatusNames()[s]}
        </li>
      ))}
    </ul>
  );
}

/** Proposals a human decided: reviewed by a researcher or judged by annotators (a judge's confirmation is no review). */
export const reviewedCount = (counts: PairRun["status_counts"]) =>
  proposalStatuses.reduce((n, s) => (s === "proposed" || s === "judge-confirmed" ? n : n + counts[s]), 0);
