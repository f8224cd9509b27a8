import { t } from "../../common/i18n";
import { useState } from "react";
import { MarkdownText } from "../../common/components/markdown-text";

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  label?: string;
}

/** Markdown guidelines with a Write / Preview switch: the preview is what annotators see in their panel. */
export function CampaignGuidelinesField({ id, value, onChange, label = t("Guidelines") }: Props) {
  const [preview, setPreview] = useState(false);
  return (
    <div className="field field-wide campaign-guidelines-field">
      <div className="campaign-guidelines-head">
        <label htmlFor={`${id}-guidelines`}>{label}</label>
        <div className="campaign-guidelines-switch" role="group" aria-label={t("{{label}}: write or preview", { label })}>
          <button type="button" className="button-small" aria-pressed={!preview} onClick={() => setPreview(false)}>
            {t("Write")}
          </button>
          <button type="button" className="button-small" aria-pressed={preview} onClick={() => setPreview(true)}>
            {t("Preview")}
          </button>
        </div>
      </div>
      {/* Hidden rather than unmounted while previewing, so the label keeps its field. */}
      <textarea
        id={`${id}-guidelines`}
        rows={8}
        maxLength={50_000}
        hidden={preview}
        aria-describedby={`${id}-guidelines-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {preview && (
        <div className="campaign-guidelines-preview" role="region" aria-label={t("{{label}} preview", { label })}>
          {value.trim() ? <MarkdownText text={value} /> : <p className="muted">{t("No guidelines: annotators see none.")}</p>}
        </div>
      )}
      <span id={`${id}-guidelines-hint`} className="hint">
        {t("Markdown. Shown to annotators beside every item: what to read, what counts, when to call a tie.")}
      </span>
    </div>
  );
}
