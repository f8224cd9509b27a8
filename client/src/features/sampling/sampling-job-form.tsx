import { useId, useState } from "react";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { Model } from "../../../../shared/schemas/model";
import type { CreateSamplingJobBody, InstructionFilter, SamplingStrategy } from "../../../../shared/schemas/sampling";
import { formatNumber } from "../../common/format";
import { t } from "../../common/i18n";
import { MaxTokensField, TemperatureField } from "../../common/jobs/generation-fields";
import { JobForm } from "../../common/jobs/job-form";
import { TemplateFields } from "./agentwrite-template-fields";
import { emptySamplingFilter, initialSubset, subsetBody, SubsetFields, type SamplingFilterDraft } from "./sampling-filter-fields";
import { SamplingPreview } from "./sampling-preview";
import { samplingJobKind } from "./sampling-job-kind";

const strategyLabels: Record<SamplingStrategy, () => string> = {
  direct: () => t("Direct"),
  agentwrite: () => t("AgentWrite (plan, then write paragraph by paragraph)"),
};

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));
const optionalText = (text: string) => (text.trim() === "" ? undefined : text);

/** Starts a sampling job: n outputs of one model for each chosen instruction of a set. */
export function SamplingJobForm({ sets, models: allModels }: { sets: InstructionSet[]; models: Model[] }) {
  const id = useId();
  // Only a model with an endpoint can be sampled (imported and demo models have none).
  const models = allModels.filter((m) => m.base_urls.length > 0);
  const [modelId, setModelId] = useState(models[0] ? String(models[0].id) : "");
  const [subset, setSubset] = useState(initialSubset);
  const [n, setN] = useState("4");
  const [strategy, setStrategy] = useState<SamplingStrategy>("direct");
  const [temperature, setTemperature] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const [planTemplate, setPlanTemplate] = useState("");
  const [writeTemplate, setWriteTemplate] = useState("");

  const model = models.find((m) => String(m.id) === modelId);

  function body(setId: number, filter: SamplingFilterDraft): CreateSamplingJobBody {
    const chosen = Object.entries(filter).filter(([, v]) => v.trim() !== "");
    const agentwrite = strategy === "agentwrite";
    return {
      set_id: setId,
      model_id: Number(modelId),
      n: optionalNumber(n),
      strategy,
      filter: { ...(Object.fromEntries(chosen) as InstructionFilter), subset: subsetBody(subset) },
      temperature: optionalNumber(temperature),
      max_tokens: optionalNumber(maxTokens),
      plan_template: agentwrite ? optionalText(planTemplate) : undefined,
      write_template: agentwrite ? optionalText(writeTemplate) : undefined,
    };
  }

  return (
    <JobForm
      id={id}
      kind={samplingJobKind}
      title={t("New sampling job")}
      sets={sets}
      emptyFilter={emptySamplingFilter}
      filterLegend={t("Instructions to sample (optional)")}
      gridClassName="form-grid job-grid"
      submitLabel={t("Start sampling")}
      ready={modelId !== ""}
      body={body}
      summary={(_matching, preview) => <SamplingPreview body={preview} />}
      fields={
        <>
          <div className="field">
            <label htmlFor={`${id}-model`}>{t("Model")}</label>
            <select id={`${id}-model`} required value={modelId} onChange={(e) => setModelId(e.target.value)}>
              {models.map((m) => (
                <option key={m.id} value={String(m.id)}>
                  {m.name}
                  {m.is_reference ? ` ${t("(reference)")}` : ""}
                </option>
              ))}
            </select>
            {models.length < allModels.length && (
              <span className="hint">{t("Models without an endpoint (imported or demo ones) cannot be sampled and are not offered.")}</span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-n`}>{t("Samples per instruction")}</label>
            <input id={`${id}-n`} type="number" min={1} max={64} step={1} value={n} onChange={(e) => setN(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-strategy`}>{t("Strategy")}</label>
            <select id={`${id}-strategy`} value={strategy} onChange={(e) => setStrategy(e.target.value as SamplingStrategy)}>
              {Object.entries(strategyLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label()}
                </option>
              ))}
            </select>
          </div>
        </>
      }
      afterFilter={
        <>
          <SubsetFields id={id} value={subset} onChange={setSubset} />
          <fieldset className="form-fieldset">
            <legend>{t("Generation (optional)")}</legend>
            <div className="form-grid">
              <TemperatureField
                id={id}
                value={temperature}
                onChange={setTemperature}
                placeholder={model ? t("model's: {{value}}", { value: model.params.temperature }) : undefined}
              />
              <MaxTokensField
                id={id}
                min={1}
                value={maxTokens}
                onChange={setMaxTokens}
                placeholder={model ? t("model's: {{value}}", { value: formatNumber(model.params.max_tokens) }) : undefined}
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
