import { campaignKinds, verifiableStatuses, type CampaignKind, type CreateCampaignBody } from "../../../../shared/schemas/campaigns";
import type { Model } from "../../../../shared/schemas/model";
import type { PairRun } from "../../../../shared/schemas/pairs";
import type { SetModelsResponse } from "../../../../shared/schemas/preview";
import { countOf, formatNumber } from "../../common/format";
import { t } from "../../common/i18n";

type VerifiableStatus = (typeof verifiableStatuses)[number];
const statusLabels: Record<VerifiableStatus, () => string> = {
  proposed: () => t("proposed"),
  "judge-confirmed": () => t("judge-confirmed"),
  accepted: () => t("accepted"),
  rejected: () => t("rejected"),
};

export const campaignKindNotes: Record<CampaignKind, () => string> = {
  "vs-reference": () => t("A model against the reference model, per instruction: the win-rate-vs-GPT-4o study."),
  "verify-pairs": () => t("A pair run's chosen against its rejected: the majority of k judgments confirms or overturns each proposal."),
  custom: () => t("Any two models, per instruction: each one's first finished sample."),
};

/** Every kind's fields at once, so switching kinds and back keeps what was picked. Ids as option values. */
export interface CampaignSourceDraft {
  kind: CampaignKind;
  modelId: string;
  /** "" leaves the choice to the server: the set's reference model, offered only when the set has one with outputs. */
  referenceId: string;
  pairRunId: string;
  statuses: ReadonlySet<VerifiableStatus>;
  modelAId: string;
  modelBId: string;
}

/**
 * A first draft: the first model that is not a reference, against the set's reference model (left to the
 * server, and offered only when the set has outputs of one: see effectiveSource).
 */
export function initialSourceDraft(models: Model[]): CampaignSourceDraft {
  const references = models.filter((m) => m.is_reference);
  const others = models.filter((m) => !m.is_reference);
  const idOf = (m: Model | undefined) => (m ? String(m.id) : "");
  return {
    kind: "vs-reference",
    modelId: idOf(others[0] ?? models[0]),
    referenceId: "",
    pairRunId: "",
    statuses: new Set(["proposed", "accepted"]),
    modelAId: idOf(others[0] ?? models[0]),
    modelBId: idOf(references[0] ?? others[1]),
  };
}

type ModelKey = "modelId" | "referenceId" | "modelAId" | "modelBId";
const modelKeys: ModelKey[] = ["modelId", "referenceId", "modelAId", "modelBId"];

/** The draft as the form can send it for the chosen set: a model without finished outputs there is no choice. */
export function effectiveSource(draft: CampaignSourceDraft, setModels: SetModelsResponse | undefined): CampaignSourceDraft {
  const models = setModels?.models ?? [];
  const offered = new Set(models.map((m) => String(m.id)));
  const next = { ...draft };
  for (const key of modelKeys) if (!offered.has(next[key])) next[key] = "";
  // A model with outputs stands in for one without; never a reference model without outputs ("" for the
  // reference means the set's own, which the form offers only when the server names one).
  const firstWriter = models.find((m) => !m.is_reference);
  const defaultReference = setModels?.default_reference_id;
  if (next.modelId === "" && firstWriter) next.modelId = String(firstWriter.id);
  if (next.modelAId === "" && firstWriter) next.modelAId = String(firstWriter.id);
  if (next.modelBId === "" && defaultReference != null) next.modelBId = String(defaultReference);
  return next;
}

/** Whether the draft names every model its kind needs (the reference may be the set's own). */
export function sourceComplete(draft: CampaignSourceDraft, setModels: SetModelsResponse | undefined, pairRunId: string): boolean {
  if (draft.kind === "vs-reference") return draft.modelId !== "" && (draft.referenceId !== "" || setModels?.default_reference_id != null);
  if (draft.kind === "custom") return draft.modelAId !== "" && draft.modelBId !== "";
  return pairRunId !== "" && draft.statuses.size > 0;
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
  /** The models with finished outputs in the chosen set (only they can be compared); undefined while loading. */
  setModels: SetModelsResponse | undefined;
  /** The chosen set's pair runs, newest first. */
  runs: PairRun[];
  /** The run in effect: the chosen one if it belongs to the set, else the set's newest. */
  pairRunId: string;
}

/** What the campaign compares: the kind, then that kind's models or pair run. */
export function CampaignSourceFields({ id, value, onChange, models, setModels, runs, pairRunId }: Props) {
  const set = <K extends keyof CampaignSourceDraft>(key: K, v: CampaignSourceDraft[K]) => onChange({ ...value, [key]: v });
  const offered = setModels?.models ?? [];
  const offeredIds = new Set(offered.map((m) => m.id));
  const missing = models.filter((m) => !offeredIds.has(m.id)).map((m) => m.name);
  const defaultReference = offered.find((m) => m.id === setModels?.default_reference_id);
  const modelSelect = (key: ModelKey, label: string, auto?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} required={!auto} value={value[key]} onChange={(e) => set(key, e.target.value)}>
        {auto !== undefined && <option value="">{auto}</option>}
        {!auto && value[key] === "" && <option value="">{t("Choose a model")}</option>}
        {offered.map((m) => (
          <option
            key={m.id}
            value={String(m.id)}
            title={t("outputs for {{count}} instruction(s)", { count: formatNumber(m.instructions) })}
          >
            {m.name}
            {m.is_reference ? ` ${t("(reference)")}` : ""}
          </option>
        ))}
      </select>
    </div>
  );
  // Said, not left to guess: a model missing from the lists has no finished outputs in this set.
  const missingNote =
    setModels && missing.length > 0 ? (
      <p className="hint" data-testid="models-not-offered">
        {t("Not offered, having no finished outputs in this set: {{names}}.", { names: missing.join(", ") })}
      </p>
    ) : null;
  const noneNote =
    setModels && offered.length < 2 ? (
      <p className="muted">{t("Two models with finished outputs in this set are needed: sample or import outputs first.")}</p>
    ) : null;
  // Proposals a judge confirmed are no longer "proposed": said, so leaving them to the judge is a choice seen.
  const judgeConfirmed = runs.find((r) => String(r.id) === pairRunId)?.status_counts["judge-confirmed"] ?? 0;
  const judgeConfirmedNote =
    judgeConfirmed > 0 ? (
      <p className="hint" data-testid="judge-confirmed-note">
        {value.statuses.has("judge-confirmed")
          ? t("Includes the {{proposals}} an LLM judge confirmed in both orders.", { proposals: countOf(judgeConfirmed, "proposal") })
          : t("Leaves out the {{proposals}} an LLM judge confirmed in both orders: annotators judge only the rest.", {
              proposals: countOf(judgeConfirmed, "proposal"),
            })}
      </p>
    ) : null;
  function toggleStatus(status: VerifiableStatus, on: boolean) {
    const next = new Set(value.statuses);
    if (on) next.add(status);
    else next.delete(status);
    set("statuses", next);
  }

  return (
    <>
      <fieldset className="form-fieldset">
        <legend>{t("Kind")}</legend>
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
                {campaignKindNotes[k]()}
              </span>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>{t("Compare")}</legend>
        {value.kind === "vs-reference" && (
          <div className="form-grid">
            {modelSelect("modelId", t("Model"))}
            {modelSelect(
              "referenceId",
              t("Reference model"),
              defaultReference ? t("The set's reference model ({{name}})", { name: defaultReference.name }) : undefined,
            )}
            <p className="hint">{t("Per instruction, each model's first finished sample; instructions missing either are left out.")}</p>
          </div>
        )}
        {value.kind === "custom" && (
          <div className="form-grid">
            {modelSelect("modelAId", t("Model A"))}
            {modelSelect("modelBId", t("Model B"))}
            <p className="hint">{t("The tally counts A's wins against B's; annotators see the two in random order.")}</p>
          </div>
        )}
        {value.kind !== "verify-pairs" && noneNote}
        {value.kind !== "verify-pairs" && missingNote}
        {value.kind === "verify-pairs" && runs.length === 0 && (
          <p className="muted">{t("This set has no pair runs: propose pairs on the Pairs page first.")}</p>
        )}
        {value.kind === "verify-pairs" && runs.length > 0 && (
          <div className="form-grid">
            <div className="field campaign-run-field">
              <label htmlFor={`${id}-run`}>{t("Pair run")}</label>
              <select id={`${id}-run`} required value={pairRunId} onChange={(e) => set("pairRunId", e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    #{r.id} · {r.judge_model_name} · {r.strategy} · {t("{{count}} proposals", { count: formatNumber(r.proposals) })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field" role="group" aria-labelledby={`${id}-statuses-label`}>
              <span id={`${id}-statuses-label`} className="field-label">
                {t("Proposals that are")}
              </span>
              <div className="campaign-statuses">
                {verifiableStatuses.map((s) => (
                  <label key={s} className="checkbox-field">
                    <input type="checkbox" checked={value.statuses.has(s)} onChange={(e) => toggleStatus(s, e.target.checked)} />
                    <span>{statusLabels[s]()}</span>
                  </label>
                ))}
              </div>
              {judgeConfirmedNote}
            </div>
          </div>
        )}
      </fieldset>
    </>
  );
}
