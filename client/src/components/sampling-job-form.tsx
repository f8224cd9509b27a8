import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import {
  InstructionPageSchema,
  InstructionSetResponseSchema,
  type InstructionSet,
} from "../../../shared/schemas/instruction";
import type { Model } from "../../../shared/schemas/model";
import {
  SamplingJobProgressSchema,
  type CreateSamplingJobBody,
  type InstructionFilter,
  type SamplingStrategy,
} from "../../../shared/schemas/sampling";
import { api, asApiError, withQuery } from "../api";
import { countOf, formatNumber } from "../format";
import { useApiData } from "../use-api-data";
import { TemplateFields } from "./agentwrite-template-fields";
import { InstructionFilterFields } from "./instruction-filter-fields";
import { emptySamplingFilter, type SamplingFilterDraft } from "./sampling-filter-fields";

const strategyLabels: Record<SamplingStrategy, string> = {
  direct: "Direct",
  agentwrite: "AgentWrite (plan, then write paragraph by paragraph)",
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));
const optionalText = (text: string) => (text.trim() === "" ? undefined : text);

/** Starts a sampling job: n outputs of one model for each chosen instruction of a set. */
export function SamplingJobForm({ sets, models }: { sets: InstructionSet[]; models: Model[] }) {
  const id = useId();
  const navigate = useNavigate();
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].id) : "");
  const [modelId, setModelId] = useState(models[0] ? String(models[0].id) : "");
  const [n, setN] = useState("4");
  const [strategy, setStrategy] = useState<SamplingStrategy>("direct");
  const [filter, setFilter] = useState<SamplingFilterDraft>(emptySamplingFilter);
  const [temperature, setTemperature] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const [planTemplate, setPlanTemplate] = useState("");
  const [writeTemplate, setWriteTemplate] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const set = sets.find((s) => String(s.id) === setId);
  const model = models.find((m) => String(m.id) === modelId);
  const chosenSet = useApiData(setId ? `/api/instruction-sets/${setId}` : null, InstructionSetResponseSchema);
  const categories = chosenSet.data?.set.id === set?.id ? chosenSet.data?.counts.categories : undefined;
  const matching = useApiData(
    setId ? withQuery("/api/instructions", { set: setId, ...filter, page_size: 1 }) : null,
    InstructionPageSchema,
  );

  function onSetChange(value: string) {
    // Ranges often carry over between sets; types rarely do.
    const next = sets.find((s) => String(s.id) === value);
    const keepRange = filter.range === "none" || next?.length_ranges.some((r) => r.label === filter.range);
    setSetId(value);
    setFilter({ ...filter, category: "", range: keepRange ? filter.range : "" });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = Object.entries(filter).filter(([, v]) => v !== "");
    const agentwrite = strategy === "agentwrite";
    const body: CreateSamplingJobBody = {
      set_id: Number(setId),
      model_id: Number(modelId),
      n: optionalNumber(n),
      strategy,
      filter: Object.fromEntries(chosen) as InstructionFilter,
      temperature: optionalNumber(temperature),
      max_tokens: optionalNumber(maxTokens),
      plan_template: agentwrite ? optionalText(planTemplate) : undefined,
      write_template: agentwrite ? optionalText(writeTemplate) : undefined,
    };
    setBusy(true);
    setError(undefined);
    try {
      const progress = await api("/api/sampling-jobs", { method: "POST", body, schema: SamplingJobProgressSchema });
      navigate(`/sampling/jobs/${progress.job.id}`);
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  }

  const total = matching.data && Number(n) > 0 ? matching.data.total * Number(n) : undefined;
  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New sampling job</h2>
      <div className="form-grid job-grid">
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
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <select id={`${id}-model`} required value={modelId} onChange={(e) => setModelId(e.target.value)}>
            {models.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.name}
                {m.is_reference ? " (reference)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-n`}>Samples per instruction</label>
          <input id={`${id}-n`} type="number" min={1} max={64} step={1} value={n} onChange={(e) => setN(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-strategy`}>Strategy</label>
          <select
            id={`${id}-strategy`}
            value={strategy}
            onChange={(e) => setStrategy(e.target.value as SamplingStrategy)}
          >
            {Object.entries(strategyLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <InstructionFilterFields id={id} legend="Instructions to sample (optional)" value={filter} set={set} categories={categories} onChange={setFilter} />
      <fieldset className="form-fieldset">
        <legend>Generation (optional)</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-temperature`}>Temperature</label>
            <input
              id={`${id}-temperature`}
              type="number"
              min={0}
              max={2}
              step={0.05}
              placeholder={model ? `model's: ${model.params.temperature}` : undefined}
              value={temperature}
              onChange={(e) => setTemperature(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max-tokens`}>Max tokens</label>
            <input
              id={`${id}-max-tokens`}
              type="number"
              min={1}
              step={1}
              placeholder={model ? `model's: ${formatNumber(model.params.max_tokens)}` : undefined}
              value={maxTokens}
              onChange={(e) => setMaxTokens(e.target.value)}
            />
          </div>
        </div>
      </fieldset>
      {strategy === "agentwrite" && (
        <TemplateFields
          id={id}
          plan={planTemplate}
          write={writeTemplate}
          onPlan={setPlanTemplate}
          onWrite={setWriteTemplate}
        />
      )}
      {error && (
        <div role="alert" className="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !setId || !modelId}>
          Start sampling
        </button>
        <span className="muted" aria-live="polite">
          {matching.data &&
            (total === undefined
              ? countOf(matching.data.total, "instruction")
              : `${countOf(matching.data.total, "instruction")} × ${n} = ${countOf(total, "sample")}`)}
        </span>
      </div>
    </form>
  );
}
