import { useId, useState } from "react";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { Model } from "../../../../shared/schemas/model";
import type { CreateSamplingJobBody, InstructionFilter, SamplingStrategy } from "../../../../shared/schemas/sampling";
import { countOf, formatNumber } from "../../common/format";
import { MaxTokensField, TemperatureField } from "../../common/jobs/generation-fields";
import { JobForm } from "../../common/jobs/job-form";
import { TemplateFields } from "./agentwrite-template-fields";
import { emptySamplingFilter, type SamplingFilterDraft } from "./sampling-filter-fields";
import { samplingJobKind } from "./sampling-job-kind";

const strategyLabels: Record<SamplingStrategy, string> = {
  direct: "Direct",
  agentwrite: "AgentWrite (plan, then write paragraph by paragraph)",
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));
const optionalText = (text: string) => (text.trim() === "" ? undefined : text);

/** Starts a sampling job: n outputs of one model for each chosen instruction of a set. */
export function SamplingJobForm({ sets, models }: { sets: InstructionSet[]; models: Model[] }) {
  const id = useId();
  const [modelId, setModelId] = useState(models[0] ? String(models[0].id) : "");
  const [n, setN] = useState("4");
  const [strategy, setStrategy] = useState<SamplingStrategy>("direct");
  const [temperature, setTemperature] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const [planTemplate, setPlanTemplate] = useState("");
  const [writeTemplate, setWriteTemplate] = useState("");

  const model = models.find((m) => String(m.id) === modelId);

  function body(setId: number, filter: SamplingFilterDraft): CreateSamplingJobBody {
    const chosen = Object.entries(filter).filter(([, v]) => v !== "");
    const agentwrite = strategy === "agentwrite";
    return {
      set_id: setId,
      model_id: Number(modelId),
      n: optionalNumber(n),
      strategy,
      filter: Object.fromEntries(chosen) as InstructionFilter,
      temperature: optionalNumber(temperature),
      max_tokens: optionalNumber(maxTokens),
      plan_template: agentwrite ? optionalText(planTemplate) : undefined,
      write_template: agentwrite ? optionalText(writeTemplate) : undefined,
    };
  }

  function summary(matching: number) {
    const total = Number(n) > 0 ? matching * Number(n) : undefined;
    return total === undefined
      ? countOf(matching, "instruction")
      : `${countOf(matching, "instruction")} × ${n} = ${countOf(total, "sample")}`;
  }

  return (
    <JobForm
      id={id}
      kind={samplingJobKind}
      title="New sampling job"
      sets={sets}
      emptyFilter={emptySamplingFilter}
      filterLegend="Instructions to sample (optional)"
      gridClassName="form-grid job-grid"
      submitLabel="Start sampling"
      ready={modelId !== ""}
      body={body}
      summary={summary}
      fields={
        <>
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
            <select id={`${id}-strategy`} value={strategy} onChange={(e) => setStrategy(e.target.value as SamplingStrategy)}>
              {Object.entries(strategyLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </>
      }
      afterFilter={
        <>
          <fieldset className="form-fieldset">
            <legend>Generation (optional)</legend>
            <div className="form-grid">
              <TemperatureField
                id={id}
                value={temperature}
                onChange={setTemperature}
                placeholder={model ? `model's: ${model.params.temperature}` : undefined}
              />
              <MaxTokensField
                id={id}
                min={1}
                value={maxTokens}
                onChange={setMaxTokens}
                placeholder={model ? `model's: ${formatNumber(model.params.max_tokens)}` : undefined}
              />
            </div>
          </fieldset>
          {strategy === "agentwrite" && (
            <TemplateFields id={id} plan={planTemplate} write={writeTemplate} onPlan={setPlanTemplate} onWrite={setWriteTemplate} />
          )}
        </>
      }
    />
  );
}
