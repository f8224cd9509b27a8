import type { Campaign } from "../../../../shared/schemas/campaigns";

const titles: Record<Campaign["status"], string> = {
  open: "annotators are judging its comparisons",
  closed: "closed: annotators no longer see it",
};

/** A campaign's status as a small coloured label (the word is always there, not just the colour). */
export function CampaignStatusBadge({ status }: { status: Campaign["status"] }) {
  return (
    <span className={`status campaign-${status}`} title={titles[status]} data-testid="campaign-status">
      {status}
    </span>
  );
}
