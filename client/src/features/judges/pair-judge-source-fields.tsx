import type { Campaign } from "../../../../shared/schemas/campaigns";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { PairJudgeSource } from "../../../../shared/schemas/pair-judging";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { SetModelsResponseSchema } from "../../../../shared/schemas/preview";
import { withQuery } from "../../common/api";
import { useApiData } from "../../common/hooks/use-api-data";
import { formatNumber } from "../../common/format";
import { t } from "../../common/i18n";

export type SourceKind = PairJudgeSource["kind"];

/** Every kind's choices at once (ids as option values), so switching kinds and back keeps what was picked. */
export interface SourceDraft {
  kind: SourceKind;
  campaignId: string;
  setId: string;
  modelAId: string;
  modelBId: string;
  pairRunId: string;
}

export function initialSourceDraft(campaigns: Campaign[], sets: InstructionSet[], runs: PairRun[]): SourceDraft {
  const first = <T extends { id: number }>(list: T[]) => (list[0] ? String(list[0].id) : "");
  return { kind: "campaign", campaignId: first(campaigns), setId: first(sets), modelAId: "", modelBId: "", pairRunId: first(runs) };
}

/** The request's `source`, or null while a choice is missing. */
export function sourceBody(draft: SourceDraft): PairJudgeSource | null {
  if (draft.kind === "campaign") return draft.campaignId ? { kind: "campaign", campaign_id: Number(draft.campaignId) } : null;
  if (draft.kind === "pair-run") return draft.pairRunId ? { kind: "pair-run", pair_run_id: Number(draft.pairRunId) } : null;
  if (!draft.setId || !draft.modelAId || !draft.modelBId || draft.modelAId === draft.modelBId) return null;
  return {
    kind: "models",
    set_id: Number(draft.setId),
    model_a_id: Number(draft.modelAId),
    model_b_id: Number(draft.modelBId),
    filter: {},
  };
}

const kindLabels: Record<SourceKind, () => string> = {
  campaign: () => t("A campaign's comparisons"),
  models: () => t("Two models on a set"),
  "pair-run": () => t("A pair run's proposals"),
};

interface Props {
  id: string;
  value: SourceDraft;
  onChange: (value: SourceDraft) => void;
  campaigns: Campaign[];
  sets: InstructionSet[];
  runs: PairRun[];
}

/** Which pairs the judge compares: a campaign's, two models' on a set, or a pair run's proposals. */
export function PairJudgeSourceFields({ id, value, onChange, campaigns, sets, runs }: Props) {
  const set = <K extends keyof SourceDraft>(key: K, v: SourceDraft[K]) => onChange({ ...value, [key]: v });
  // Only models with finished outputs in the set can be paired.
  const setModels = useApiData(
    value.kind === "models" && value.setId ? withQuery("/api/campaigns/models", { set_id: value.setId }) : null,
    SetModelsResponseSchema,
  ).data;
  const offered = setModels?.models ?? [];
  const modelSelect = (key: "modelAId" | "modelBId", label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} required value={value[key]} onChange={(e) => set(key, e.target.value)}>
        <option value="">{t("Choose a model")}</option>
        {offered.map((m) => (
          <option key={m.id} value={String(m.id)}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Pairs to judge")}</legend>
      <div className="judges-source-kinds" role="radiogroup" aria-label={t("Pairs to judge")}>
        {(Object.keys(kindLabels) as SourceKind[]).map((k) => (
          <label key={k} className="checkbox-field">
            <input type="radio" name={`${id}-source`} value={k} checked={value.kind === k} onChange={() => set("kind", k)} />
            <span>{kindLabels[k]()}</span>
          </label>
        ))}
      </div>
      <div className="form-grid">
        {value.kind === "campaign" &&
          (campaigns.length === 0 ? (
            <p className="muted">{t("No campaigns yet.")}</p>
          ) : (
            <div className="field judges-wide-field">
              <label htmlFor={`${id}-campaign`}>{t("Campaign")}</label>
              <select id={`${id}-campaign`} required value={value.campaignId} onChange={(e) => set("campaignId", e.target.value)}>
                {campaigns.map((c) => (
                  <option key={c.id} value={String(c.id)}>
                    #{c.id} · {c.name} · {t("{{count}} comparisons", { count: formatNumber(c.comparisons) })}
                  </option>
                ))}
              </select>
            </div>
          ))}
        {value.kind === "models" && (
          <>
            <div className="field">
              <label htmlFor={`${id}-set`}>{t("Instruction set")}</label>
              <select id={`${id}-set`} required value={value.setId} onChange={(e) => set("setId", e.target.value)}>
                {sets.map((s) => (
                  <option key={s.id} value={String(s.id)}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            {modelSelect("modelAId", t("Model A"))}
            {modelSelect("modelBId", t("Model B"))}
          </>
        )}
        {value.kind === "pair-run" &&
          (runs.length === 0 ? (
            <p className="muted">{t("No pair runs yet.")}</p>
          ) : (
            <div className="field judges-wide-field">
              <label htmlFor={`${id}-run`}>{t("Pair run")}</label>
              <select id={`${id}-run`} required value={value.pairRunId} onChange={(e) => set("pairRunId", e.target.value)}>
                {runs.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    #{r.id} · {r.set_name} · {t("{{count}} proposals", { count: formatNumber(r.proposals) })}
                  </option>
                ))}
              </select>
            </div>
          ))}
      </div>
      {value.kind === "models" && value.modelAId !== "" && value.modelAId === value.modelBId && (
        <p className="hint">{t("Choose two different models.")}</p>
      )}
    </fieldset>
  );
}
