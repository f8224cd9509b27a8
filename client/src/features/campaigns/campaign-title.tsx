import { useId, useState, type FormEvent } from "react";
import { CampaignResponseSchema, type Campaign } from "../../../../shared/schemas/campaigns";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { t } from "../../common/i18n";
import "./campaign-title.css";

/**
 * The title annotators see instead of the name, editable in place; after a save, the server's word on whether
 * the title or the guidelines name one of the campaign's models.
 */
export function CampaignTitle({ campaign, onChanged }: { campaign: Campaign; onChanged: () => void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | undefined>();
  const [warnings, setWarnings] = useState<string[]>([]);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const saved = await api(`/api/campaigns/${campaign.id}`, { method: "PATCH", body: { title: draft }, schema: CampaignResponseSchema });
      setWarnings(saved.warnings ?? []);
      setDraft(undefined);
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="campaign-title-line">
      <span className="muted" id={`${id}-label`}>
        {t("Annotators see it as")}
      </span>
      {draft === undefined ? (
        <>
          <strong data-testid="campaign-title">{campaign.title}</strong>
          <button type="button" className="button-small" onClick={() => setDraft(campaign.title)}>
            {t("Edit title")}
          </button>
        </>
      ) : (
        <form onSubmit={onSave} aria-label={t("Edit title")}>
          <input aria-labelledby={`${id}-label`} required maxLength={200} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit" className="button-primary button-small" disabled={busy}>
            {t("Save title")}
          </button>
          <button type="button" className="button-small" disabled={busy} onClick={() => setDraft(undefined)}>
            {t("Cancel")}
          </button>
        </form>
      )}
      <ErrorAlert error={error} />
      {warnings.length > 0 && (
        <div className="blinding-warnings" role="status">
          {warnings.map((w) => (
            <p key={w} className="blinding-warning" data-testid="blinding-warning">
              {w}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
