import { campaignKinds, type CampaignKind, type CreateCampaignBody } from "../../../../shared/schemas/campaigns";
import type { Model } from "../../../../shared/schemas/model";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { formatNumber } from "../../common/format";

export const verifiableStatuses = ["proposed", "accepted", "rejected"] as const;
type VerifiableStatus = (typeof verifiableStatuses)[number];

export const campaignKindNotes: Record<CampaignKind, string> = {
  "vs-reference": "A model against the reference model, per instruction: the win-rate-vs-GPT-4o study.",
  "verify-pairs": "A pair run's chosen against its rejected: the majority of k judgments confirms or overturns each proposal.",
  custom: "Any two models, per instruction: each one's first finished sample.",
};

/** Every kind's fields at once, so switching kinds and back keeps what was picked. Ids as option values. */
export interface CampaignSourceDraft {
  kind: CampaignKind;
  modelId: string;
  /** "" leaves the choice to the server: the set's reference model. */
  referenceId: string;
  pairRunId: string;
  statuses: ReadonlySet<VerifiableStatus>;
  modelAId: string;
  modelBId: string;
}

/** A first draft: the first model that is not a reference against the only reference model, if there is one. */
export function initialSourceDraft(models: Model[]): CampaignSourceDraft {
  const references = models.filter((m) => m.is_reference);
  const others = models.filter((m) => !m.is_reference);
  const idOf = (m: Model | undefined) => (m ? String(m.id) : "");
  return {
    kind: "vs-reference",
    modelId: idOf(others[0] ?? models[0]),
    referenceId: references.length === 1 ? idOf(references[0]) : "",
    pairRunId: "",
    statuses: new Set(["proposed", "accepted"]),
    modelAId: idOf(others[0] ?? models[0]),
    modelBId: idOf(references[0] ?? others[1]),
  };
}

/** The request's `source` for the chosen kind. */
export function sourceBody(draft: CampaignSourceDraft, pairRunId: string): CreateCampaignBody["source"] {
  if (draft.kind === "vs-reference") {
    return {
      kind: "vs-reference",
      model_id: Number(draft.modelId),
      reference_model_id: draft.referenceId ? Number(draft.referenceId) : undefined,
    };
  }
  if (draft.kind === "verify-pairs") {
    return { kind: "verify-pairs", pair_run_id: Number(pairRunId), statuses: verifiableStatuses.filter((s) => draft.statuses.has(s)) };
  }
  return { kind: "custom", model_a_id: Number(draft.modelAId), model_b_id: Number(draft.modelBId) };
}

interface Props {
  id: string;
  value: CampaignSourceDraft;
  onChange: (value: CampaignSourceDraft) => void;
  models: Model[];
  /** The chosen set's pair runs, newest first. */
  runs: PairRun[];
  /** The run in effect: the chosen one if it belongs to the set, else the set's newest. */
  pairRunId: string;
}

/** What the campaign compares: the kind, then that kind's models or pair run. */
export function CampaignSourceFields({ id, value, onChange, models, runs, pairRunId }: Props) {
  const set = <K extends keyof CampaignSourceDraft>(key: K, v: CampaignSourceDraft[K]) => onChange({ ...value, [key]: v });
  const modelSelect = (key: "modelId" | "referenceId" | "modelAId" | "modelBId", label: string, auto?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} required={!auto} value={value[key]} onChange={(e) => set(key, e.target.value)}>
        {auto !== undefined && <option value="">{auto}</option>}
        {!auto && value[key] === "" && <option value="">Choose a model</option>}
        {models.map((m) => (
          <option key={m.id} value={String(m.id)}>
            {m.name}
            {m.is_reference ? " (reference)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
  function toggleStatus(status: VerifiableStatus, on: boolean) {
    const next = new Set(value.statuses);
    if (on) next.add(status);
    else next.delete(status);
    set("statuses", next);
  }

  return (
    <>
      <fieldset className="form-fieldset">
        <legend>Kind</legend>
        <div className="strategy-choices">
          {campaignKinds.map((k) => (
            <div key={k} className="strategy-choice">
              <label className="checkbox-field">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={k}
                  checked={value.kind === k}
                  aria-describedby={`${id}-${k}-note`}
                  onChange={() => set("kind", k)}
                />
                <span className="mono">{k}</span>
              </label>
              <span id={`${id}-${k}-note`} className="hint">
                {campaignKindNotes[k]}
              </span>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Compare</legend>
        {value.kind === "vs-reference" && (
          <div className="form-grid">
            {modelSelect("modelId", "Model")}
            {modelSelect("referenceId", "Reference model", "The set's reference model")}
            <p className="hint">Per instruction, each model&apos;s first finished sample; instructions missing either are left out.</p>
          </div>
        )}
        {value.kind === "custom" && (
          <div className="form-grid">
            {modelSelect("modelAId", "Model A")}
            {modelSelect("modelBId", "Model B")}
            <p className="hint">The tally counts A&apos;s wins against B&apos;s; annotators see the two in random order.</p>
          </div>
        )}
        {value.kind === "verify-pairs" && runs.length === 0 && (
          <p className="muted">This set has no pair runs: propose pairs on the Pairs page first.</p>
        )}
        {value.kind === "verify-pairs" && runs.length > 0 && (
          <div className="form-grid">
            <div className="field campaign-run-field">
              <label htmlFor={`${id}-run`}>Pair run</label>
              <select id={`${id}-run`} required value={pairRunId} onChange={(e) => set("pairRunId", e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    #{r.id} · {r.judge_model_name} · {r.strategy} · {formatNumber(r.proposals)} proposals
                  </option>
                ))}
              </select>
            </div>
            <div className="field" role="group" aria-labelledby={`${id}-statuses-label`}>
              <span id={`${id}-statuses-label`} className="field-label">
                Proposals that are
              </span>
              <div className="campaign-statuses">
                {verifiableStatuses.map((s) => (
                  <label key={s} className="checkbox-field">
                    <input type="checkbox" checked={value.statuses.has(s)} onChange={(e) => toggleStatus(s, e.target.checked)} />
                    <span>{s}</span>
                  </label>
                ))}
              </div>
            </div>
          </div>
        )}
      </fieldset>
    </>
  );
}
