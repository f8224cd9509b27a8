import { useId, useState, type FormEvent } from "react";
import { CampaignResponseSchema, type Campaign, type CreateCampaignBody } from "../../../../shared/schemas/campaigns";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { InstructionFilter } from "../../../../shared/schemas/sampling";
import type { Model } from "../../../../shared/schemas/model";
import type { PairRun } from "../../../../shared/schemas/pairs";
import type { User } from "../../../../shared/schemas/user";
import { SetModelsResponseSchema } from "../../../../shared/schemas/preview";
import { api, asApiError, withQuery, type ApiRequestError } from "../../common/api";
import { useApiData } from "../../common/hooks/use-api-data";
import { useChosenInstructions } from "../../common/hooks/use-chosen-instructions";
import { t } from "../../common/i18n";
import { CampaignPreview } from "./campaign-preview";
import { CampaignBudget } from "./campaign-budget";
import { CampaignAnnotatorsField, type AnnotatorsDraft } from "./campaign-annotators-field";
import { CampaignSettingsFields, defaultSettingsDraft, settingsBody } from "./campaign-settings-fields";
import { CampaignSourceFields, effectiveSource, initialSourceDraft, sourceBody, sourceComplete } from "./campaign-source-fields";
import { BlindingWarnings, CampaignTitleField, draftModels } from "./campaign-title-field";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionFilterFields } from "../../common/components/instruction-filter-fields";
import { InstructionSetField } from "../../common/components/instruction-set-field";
import { emptyJudgeFilter } from "../../common/components/judge-filter-fields";

interface Props {
  sets: InstructionSet[];
  models: Model[];
  /** Every pair run, newest first; the form offers the chosen set's. */
  runs: PairRun[];
  /** undefined when this user may not list users (only admins may). */
  users: User[] | undefined;
  onCreated: (campaign: Campaign) => void;
}

/** Creates a campaign: what to compare, on which instructions, who judges and how. */
export function CampaignForm({ sets, models, runs, users, onCreated }: Props) {
  const id = useId();
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const { setId, set, categories, filter, setFilter, changeSet } = useChosenInstructions(sets, emptyJudgeFilter);
  const [draftSource, setSource] = useState(() => initialSourceDraft(models));
  // Only models with finished outputs in the chosen set can be compared: the form offers those alone.
  const setModels = useApiData(setId ? withQuery("/api/campaigns/models", { set_id: setId }) : null, SetModelsResponseSchema).data;
  const source = effectiveSource(draftSource, setModels);
  const [annotators, setAnnotators] = useState<AnnotatorsDraft>("all");
  const [settings, setSettings] = useState(defaultSettingsDraft);
  const [error, setError] = useState<ApiRequestError | undefined>();
  // The name sent with the failed request: the field may have changed since.
  const [triedName, setTriedName] = useState("");
  const [busy, setBusy] = useState(false);

  const setRuns = runs.filter((r) => String(r.set_id) === setId);
  const pairRunId = setRuns.some((r) => String(r.id) === source.pairRunId) ? source.pairRunId : String(setRuns[0]?.id ?? "");
  const chosenFilter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v.trim() !== "")) as InstructionFilter;
  const complete = setId !== "" && sourceComplete(source, setModels, pairRunId);
  // The same fields creation reads to form comparisons, so the count shown is the count created.
  const previewBody = complete
    ? {
        set_id: Number(setId),
        source: sourceBody(source, pairRunId),
        filter: chosenFilter,
        judgments_per_comparison: settingsBody(settings).judgments_per_comparison,
      }
    : null;
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: CreateCampaignBody = {
      name,
      title: title.trim() || undefined,
      set_id: Number(setId),
      source: sourceBody(source, pairRunId),
      filter: chosenFilter,
      annotators: annotators === "all" ? "all" : [...annotators],
      settings: settingsBody(settings),
    };
    setBusy(true);
    setError(undefined);
    setTriedName(name);
    try {
      const { campaign } = await api("/api/campaigns", { method: "POST", body, schema: CampaignResponseSchema });
      setName("");
      setTitle("");
      onCreated(campaign);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const noRun = source.kind === "verify-pairs" && !pairRunId;
  const noStatus = source.kind === "verify-pairs" && source.statuses.size === 0;
  const nobody = annotators !== "all" && annotators.size === 0;
  return (
    <form className="panel campaign-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("New campaign")}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("Name")}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <CampaignTitleField id={id} value={title} onChange={setTitle} />
        <InstructionSetField id={id} sets={sets} value={setId} onChange={changeSet} />
      </div>
      <CampaignSourceFields
        id={id}
        value={source}
        onChange={setSource}
        models={models}
        setModels={setModels}
        runs={setRuns}
        pairRunId={pairRunId}
      />
      <InstructionFilterFields
        id={id}
        legend={t("Instructions (optional)")}
        value={filter}
        set={set}
        categories={categories}
        onChange={setFilter}
      />
      <CampaignAnnotatorsField id={id} value={annotators} onChange={setAnnotators} users={users} />
      <CampaignSettingsFields id={id} value={settings} onChange={setSettings} />
      <CampaignBudget id={id} k={settingsBody(settings).judgments_per_comparison} previewBody={previewBody} />
      <BlindingWarnings
        title={title}
        guidelines={settings.guidelines}
        models={draftModels(
          source,
          models,
          setRuns.find((r) => String(r.id) === pairRunId),
        )}
      />

      <ErrorAlert error={error} />
      {/* The server's 409 is the generic unique-constraint answer; the name is the campaign's one unique field. */}
      {error?.status === 409 && (
        <p className="hint">{t("Campaign names are unique: “{{name}}” is taken, choose another.", { name: triedName })}</p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !complete || noRun || noStatus || nobody}>
          {t("Create campaign")}
        </button>
        <span className="muted" aria-live="polite">
          {noStatus && `${t("Tick at least one proposal status.")} `}
          {nobody && `${t("Pick at least one annotator.")} `}
          <CampaignPreview body={previewBody} />
        </span>
      </div>
    </form>
  );
}
