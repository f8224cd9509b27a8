import { t } from "../../common/i18n";
import type { Campaign } from "../../../../shared/schemas/campaigns";

const titles = (): Record<Campaign["status"], string> => ({
  open: t("annotators are judging its comparisons"),
  closed: t("closed: annotators no longer see it"),
});
const names = (): Record<Campaign["status"], string> => ({ open: t("open"), closed: t("closed") });

/** A campaign's status as a small coloured label (the word is always there, not just the colour). */
export function CampaignStatusBadge({ status }: { status: Campaign["status"] }) {
  return (
    <span className={`status campaign-${status}`} title={titles()[status]} data-testid="campaign-status">
      {names()[status]}
    </span>
  );
}
