import { CampaignPreviewSchema } from "../../../../shared/schemas/preview";
import { formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";
import "../../common/components/forms.css";

/**
 * What creating the campaign will make: its comparisons and the judgments they need, counted by the server's
 * creating code as the choices change (not the instructions the filter matches, which may be many more).
 */
export function CampaignPreview({ body }: { body: object | null }) {
  const { data, error } = usePreview("/api/campaigns/preview", body, CampaignPreviewSchema);
  if (error) return <span className="will-create-problem">{error.message}</span>;
  if (!data) return null;
  const vars = {
    count: formatNumber(data.comparisons),
    judgments: formatNumber(data.judgments),
    k: data.judgments_per_comparison,
    instructions: formatNumber(data.instructions),
  };
  if (data.comparisons === 0) {
    return (
      <span className="will-create will-create-problem" data-testid="will-create">
        {t("No comparison can be formed: none of the {{instructions}} matching instructions has finished samples of both sides.", vars)}
      </span>
    );
  }
  return (
    <span className="will-create" data-testid="will-create">
      {data.comparisons === 1
        ? t("1 comparison will be created ({{judgments}} judgments at k = {{k}}), from {{instructions}} matching instructions.", vars)
        : t(
            "{{count}} comparisons will be created ({{judgments}} judgments at k = {{k}}), from {{instructions}} matching instructions.",
            vars,
          )}
    </span>
  );
}
