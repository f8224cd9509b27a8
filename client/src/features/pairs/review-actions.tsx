import { t } from "../../common/i18n";
import type { PairProposal } from "../../../../shared/schemas/pairs";
import { ProposalStatusBadge } from "./proposal-status";
import { commandKeys, type ReviewCommand } from "./hooks/use-review-keys";

/** A button of the review screen, showing its key; the key is announced through aria-keyshortcuts. */
export function KeyButton({
  command,
  label,
  onCommand,
  disabled,
  className,
  title,
}: {
  command: ReviewCommand;
  label: string;
  onCommand: (command: ReviewCommand) => void;
  disabled?: boolean;
  className?: string;
  title?: string;
}) {
  const keys = commandKeys[command];
  return (
    <button
      type="button"
      className={className}
      onClick={() => onCommand(command)}
      disabled={disabled}
      aria-keyshortcuts={keys.join(" ")}
      title={title ? `${title} (${keys.join(t(" or "))})` : keys.join(t(" or "))}
    >
      {label}
      <kbd aria-hidden="true">{keys[0]}</kbd>
    </button>
  );
}

/** Researchers may change proposed, judge-confirmed, accepted and rejected proposals; the others belong to annotators. */
export const canReview = (proposal: PairProposal | undefined) =>
  proposal !== undefined &&
  (proposal.status === "proposed" ||
    proposal.status === "judge-confirmed" ||
    proposal.status === "accepted" ||
    proposal.status === "rejected");

/** A reset undoes a review, a swap or a judge's confirmation (docs/decisions/036-judge-confirmed-proposals.md). */
export const canReset = (proposal: PairProposal | undefined) =>
  canReview(proposal) && (proposal!.status !== "proposed" || proposal!.swapped);

interface Props {
  proposal: PairProposal | undefined;
  busy: boolean;
  onCommand: (command: ReviewCommand) => void;
  advance: boolean;
  onAdvanceChange: (advance: boolean) => void;
}

/** The decisions on the proposal on screen, its status, and whether a decision moves on. */
export function ReviewActions({ proposal, busy, onCommand, advance, onAdvanceChange }: Props) {
  const open = canReview(proposal) && !busy;
  return (
    <div className="review-actions">
      <div className="review-status" aria-live="polite">
        {proposal && (
          <>
            <ProposalStatusBadge status={proposal.status} />
            {proposal.swapped && (
              <span className="tag swapped-tag" title={t("A reviewer exchanged chosen and rejected")}>
                {t("swapped")}
              </span>
            )}
          </>
        )}
      </div>
      <div className="review-buttons" role="group" aria-label={t("Decision")}>
        <KeyButton
          command="accept"
          label={t("Accept")}
          onCommand={onCommand}
          disabled={!open}
          className="button-accept"
          title={t("Keep the pair as it is")}
        />
        <KeyButton
          command="reject"
          label={t("Reject")}
          onCommand={onCommand}
          disabled={!open}
          className="button-reject"
          title={t("Drop the pair")}
        />
        <KeyButton
          command="swap"
          label={t("Swap")}
          onCommand={onCommand}
          disabled={!open}
          title={t("Exchange chosen and rejected, and keep the pair; again to undo")}
        />
        <KeyButton
          command="reset"
          label={t("Reset")}
          onCommand={onCommand}
          disabled={!open || !canReset(proposal)}
          className="button-quiet"
          title={t("Back to the proposal as the scores made it")}
        />
      </div>
      <label className="checkbox-field advance-field">
        <input type="checkbox" checked={advance} onChange={(e) => onAdvanceChange(e.target.checked)} />
        <span>{t("Advance after each decision")}</span>
      </label>
    </div>
  );
}
