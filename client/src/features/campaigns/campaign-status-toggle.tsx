import { t } from "../../common/i18n";
import { useState } from "react";
import { CampaignResponseSchema, type Campaign } from "../../../../shared/schemas/campaigns";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

/** Closes an open campaign (annotators stop getting its items) or opens it again. */
export function CampaignStatusToggle({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) {
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);
  const next = campaign.status === "open" ? "closed" : "open";

  async function onClick() {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/campaigns/${campaign.id}`, { method: "PATCH", body: { status: next }, schema: CampaignResponseSchema });
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="actions header-actions">
      <button type="button" className={next === "closed" ? undefined : "button-primary"} disabled={busy} onClick={onClick}>
        {next === "closed" ? t("Close campaign") : t("Reopen campaign")}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}
