import { t } from "../../common/i18n";
import type { Campaign } from "../../../../shared/schemas/campaigns";

/** Said on an adaptive campaign's page: its win rates are reweighted, its counts are not (decision 038). */
export function CampaignReweightedNote({ campaign }: { campaign: Campaign }) {
  if (campaign.settings.assignment !== "adaptive") return null;
  return (
    <p className="hint" data-testid="campaign-reweighted">
      {t(
        "Adaptive assignment: the next comparison goes where the widest interval is. Win rates in Analytics are reweighted by how likely each choice was; the counts here are not.",
      )}
    </p>
  );
}
