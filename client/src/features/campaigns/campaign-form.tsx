import { useId, useState, type FormEvent } from "react";
import { CampaignResponseSchema, type Campaign, type CreateCampaignBody } from "../../../../shared/schemas/campaigns";
import { InstructionPageSchema, InstructionSetResponseSchema, type InstructionSet } from "../../../../shared/schemas/instruction";
import type { InstructionFilter } from "../../../../shared/schemas/sampling";
import type { Model } from "../../../../shared/schemas/model";
import type { PairRun } from "../../../../shared/schemas/pairs";
import type { User } from "../../../../shared/schemas/user";
import { api, asApiError, withQuery, type ApiRequestError } from "../../common/api";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { CampaignAnnotatorsField, type AnnotatorsDraft } from "./campaign-annotators-field";
import { CampaignSettingsFields, defaultSettingsDraft, settingsBody } from "./campaign-settings-fields";
import { CampaignSourceFields, initialSourceDraft, sourceBody } from "./campaign-source-fields";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionFilterFields } from "../../common/components/instruction-filter-fields";
import { emptyJudgeFilter, type JudgeFilterDraft } from "../../common/components/judge-filter-fields";

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
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].id) : "");
  const [source, setSource] = useState(() => initialSourceDraft(models));
  const [filter, setFilter] = useState<JudgeFilterDraft>(emptyJudgeFilter);
  const [annotators, setAnnotators] = useState<AnnotatorsDraft>("all");
  const [settings, setSettings] = useState(defaultSettingsDraft);
  const [error, setError] = useState<ApiRequestError | undefined>();
  // The name sent with the failed request: the field may have changed since.
  const [triedName, setTriedName] = useState("");
  const [busy, setBusy] = useState(false);

  const set = sets.find((s) => String(s.id) === setId);
  const setRuns = runs.filter((r) => String(r.set_id) === setId);
  const pairRunId = setRuns.some((r) => String(r.id) === source.pairRunId) ? source.pairRunId : String(setRuns[0]?.id ?? "");
  const chosenSet = useApiData(setId ? `/api/instruction-sets/${setId}` : null, InstructionSetResponseSchema);
  const categories = chosenSet.data?.set.id === set?.id ? chosenSet.data?.counts.categories : undefined;
  const matching = useApiData(
    setId ? withQuery("/api/instructions", { set: setId, ...filter, page_size: 1 }) : null,
    InstructionPageSchema,
  );

  function onSetChange(value: string) {
    const next = sets.find((s) => String(s.id) === value);
    const keepRange = filter.range === "none" || next?.length_ranges.some((r) => r.label === filter.range);
    setSetId(value);
    setFilter({ ...filter, category: "", range: keepRange ? filter.range : "" });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = Object.entries(filter).filter(([, v]) => v.trim() !== "");
    const body: CreateCampaignBody = {
      name,
      set_id: Number(setId),
      source: sourceBody(source, pairRunId),
      filter: Object.fromEntries(chosen) as InstructionFilter,
      annotators: annotators === "all" ? "all" : [...annotators],
      settings: settingsBody(settings),
    };
    setBusy(true);
    setError(undefined);
    setTriedName(name);
    try {
      const { campaign } = await api("/api/campaigns", { method: "POST", body, schema: CampaignResponseSchema });
      setName("");
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
      <h2 id={`${id}-heading`}>New campaign</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-set`}>Instruction set</label>
          <select id={`${id}-set`} required value={setId} onChange={(e) => onSetChange(e.target.value)}>
            {sets.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <CampaignSourceFields id={id} value={source} onChange={setSource} models={models} runs={setRuns} pairRunId={pairRunId} />
      <InstructionFilterFields
        id={id}
        legend="Instructions (optional)"
        value={filter}
        set={set}
        categories={categories}
        onChange={setFilter}
      />
      <CampaignAnnotatorsField id={id} value={annotators} onChange={setAnnotators} users={users} />
      <CampaignSettingsFields id={id} value={settings} onChange={setSettings} />

      <ErrorAlert error={error} />
      {/* The server's 409 is the generic unique-constraint answer; the name is the campaign's one unique field. */}
      {error?.status === 409 && <p className="hint">Campaign names are unique: “{triedName}” is taken, choose another.</p>}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !setId || noRun || noStatus || nobody}>
          Create campaign
        </button>
        <span className="muted" aria-live="polite">
          {noStatus && "Tick at least one proposal status. "}
          {nobody && "Pick at least one annotator. "}
          {matching.data && `${countOf(matching.data.total, "instruction")} ${matching.data.total === 1 ? "matches" : "match"} the filters`}
        </span>
      </div>
    </form>
  );
}
