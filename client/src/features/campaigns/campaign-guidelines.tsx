import { t } from "../../common/i18n";
import { useId, useState, type FormEvent } from "react";
import { CampaignResponseSchema, type Campaign } from "../../../../shared/schemas/campaigns";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { CampaignGuidelinesField } from "./campaign-guidelines-field";
import { ErrorAlert } from "../../common/components/error-alert";
import { MarkdownText } from "../../common/components/markdown-text";

/** The guidelines as annotators see them, editable in place. */
export function CampaignGuidelines({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | undefined>();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);
  const guidelines = campaign.settings.guidelines;

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/campaigns/${campaign.id}`, { method: "PATCH", body: { guidelines: draft }, schema: CampaignResponseSchema });
      setDraft(undefined);
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="campaign-guidelines">
      <div className="page-header">
        <h2 id={`${id}-heading`}>{t("Guidelines")}</h2>
        {draft === undefined && (
          <button type="button" className="button-small" onClick={() => setDraft(guidelines)}>
            {t("Edit guidelines")}
          </button>
        )}
      </div>
      {draft === undefined ? (
        <div className="panel campaign-guidelines-text">
          {guidelines.trim() ? (
            <MarkdownText text={guidelines} />
          ) : (
            <p className="muted">{t("None: annotators judge without guidelines.")}</p>
          )}
        </div>
      ) : (
        <form className="panel" onSubmit={onSave} aria-label={t("Edit guidelines")}>
          <CampaignGuidelinesField id={id} value={draft} onChange={setDraft} />
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {t("Save guidelines")}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(undefined);
                setError(undefined);
              }}
              disabled={busy}
            >
              {t("Cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
