import { modelMentions, type ModelNames } from "../../../../shared/campaigns/blinding";
import type { Model } from "../../../../shared/schemas/model";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { t } from "../../common/i18n";
import type { CampaignSourceDraft } from "./campaign-source-fields";
import "./campaign-title.css";

/** The models a campaign being drafted would compare: what its title and guidelines must not name. */
export function draftModels(source: CampaignSourceDraft, models: Model[], run: PairRun | undefined): ModelNames[] {
  const byId = (id: string) => models.filter((m) => String(m.id) === id);
  if (source.kind === "vs-reference") {
    // No reference chosen: the server takes the set's, so any reference model may be the one.
    return [...byId(source.modelId), ...(source.referenceId ? byId(source.referenceId) : models.filter((m) => m.is_reference))];
  }
  if (source.kind === "custom") return [...byId(source.modelAId), ...byId(source.modelBId)];
  // A pair run pairs the samples of its models (every model when it names none).
  return run?.model_ids ? models.filter((m) => run.model_ids!.includes(m.id)) : models;
}

/** Says, as the researcher types, where annotator-facing text names one of the campaign's models. */
export function BlindingWarnings({ title, guidelines, models }: { title: string; guidelines: string; models: ModelNames[] }) {
  const mentions = modelMentions({ title, guidelines }, models);
  return (
    <div aria-live="polite" className="blinding-warnings">
      {mentions.map((m) => (
        <p key={`${m.field}:${m.name}`} className="blinding-warning" data-testid="blinding-warning">
          {m.field === "title"
            ? t("The title names the model “{{name}}”: annotators would see it and no longer be blind.", { name: m.name })
            : t("The guidelines name the model “{{name}}”: annotators would see it and no longer be blind.", { name: m.name })}
        </p>
      ))}
    </div>
  );
}

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
}

/** The title annotators see instead of the campaign's name (docs/decisions/021-blind-campaign-titles.md). */
export function CampaignTitleField({ id, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={`${id}-title`}>{t("Title shown to annotators")}</label>
      <input
        id={`${id}-title`}
        maxLength={200}
        value={value}
        placeholder={t("Campaign <number>")}
        aria-describedby={`${id}-title-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="hint" id={`${id}-title-hint`}>
        {t("Annotators see this title, never the name. Left empty, it is “Campaign <number>”.")}
      </p>
    </div>
  );
}
