import { useId, useState } from "react";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import {
  defaultJudgeParams,
  defaultMaxAnswers,
  type CreateJudgeJobBody,
  type JudgeFilter,
  type JudgeTemplate,
} from "../../../../shared/schemas/judging";
import type { Model } from "../../../../shared/schemas/model";
import { t } from "../../common/i18n";
import { JudgePreview } from "./judge-preview";
import { emptyJudgeFilter, JudgedModelsField, type JudgeFilterDraft } from "../../common/components/judge-filter-fields";
import { JudgeModelField, JudgeTemplateField } from "../../common/components/judge-choice-fields";
import { MaxTokensField, TemperatureField } from "../../common/jobs/generation-fields";
import { JobForm } from "../../common/jobs/job-form";
import { judgeJobKind } from "./judge-job-kind";

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

interface Props {
  sets: InstructionSet[];
  /** Models with an endpoint: any of them can judge. */
  judges: Model[];
  /** Every model, for choosing whose samples are judged. */
  models: Model[];
  templates: JudgeTemplate[];
}

/** Starts a judge job: one judge model scores the finished samples of a set with a template. */
export function JudgeJobForm({ sets, judges: offered, models, templates }: Props) {
  const id = useId();
  // Only a model with an endpoint can be asked (imported and demo models have none).
  const judges = offered.filter((m) => m.base_urls.length > 0);
  const [judgeId, setJudgeId] = useState(judges[0] ? String(judges[0].id) : "");
  // The builtin template comes first in the server's list.
  const [templateId, setTemplateId] = useState(templates[0] ? String(templates[0].id) : "");
  const [modelIds, setModelIds] = useState<ReadonlySet<number>>(new Set());
  const [temperature, setTemperature] = useState(String(defaultJudgeParams.temperature));
  const [maxTokens, setMaxTokens] = useState(String(defaultJudgeParams.max_tokens));
  const [maxAnswers, setMaxAnswers] = useState(String(defaultMaxAnswers));
  const [retryFailed, setRetryFailed] = useState(true);

  // A template deleted below the form falls back to the builtin one.
  const template = templates.find((t) => String(t.id) === templateId) ?? templates[0];

  function body(setId: number, filter: JudgeFilterDraft): CreateJudgeJobBody {
    const chosen = Object.entries(filter).filter(([, v]) => v.trim() !== "");
    const judgeFilter = Object.fromEntries(chosen) as JudgeFilter;
    if (modelIds.size > 0) judgeFilter.model_ids = [...modelIds];
    return {
      set_id: setId,
      judge_model_id: Number(judgeId),
      template_id: template?.id,
      filter: judgeFilter,
      temperature: optionalNumber(temperature),
      max_tokens: optionalNumber(maxTokens),
      max_answers: optionalNumber(maxAnswers),
      retry_failed: retryFailed,
    };
  }

  return (
    <JobForm
      id={id}
      kind={judgeJobKind}
      title={t("New judge job")}
      sets={sets}
      emptyFilter={emptyJudgeFilter}
      filterLegend={t("Instructions (optional)")}
      submitLabel={t("Start judging")}
      ready={judgeId !== ""}
      body={body}
      summary={(_matching, preview) => <JudgePreview body={preview} />}
      fields={
        <>
          <JudgeModelField id={id} judges={judges} value={judgeId} onChange={setJudgeId} />
          <JudgeTemplateField id={id} templates={templates} value={template ? String(template.id) : ""} onChange={setTemplateId} />
        </>
      }
      beforeFilter={<JudgedModelsField id={id} models={models} chosen={modelIds} onChange={setModelIds} />}
      afterFilter={
        <fieldset className="form-fieldset">
          <legend>{t("Advanced")}</legend>
          <div className="form-grid">
            <TemperatureField id={id} value={temperature} onChange={setTemperature} />
            <MaxTokensField id={id} min={16} value={maxTokens} onChange={setMaxTokens} />
            <div className="field">
              <label htmlFor={`${id}-max-answers`}>{t("Max answers per sample")}</label>
              <input
                id={`${id}-max-answers`}
                type="number"
                min={1}
                max={10}
                step={1}
                aria-describedby={`${id}-max-answers-hint`}
                value={maxAnswers}
                onChange={(e) => setMaxAnswers(e.target.value)}
              />
            </div>
          </div>
          <p id={`${id}-max-answers-hint`} className="hint">
            {t(
              "An answer that is not six scores from 1 to 5 is asked for again, up to this many times; then the sample is marked “judge failed”, its raw answer kept and never scored.",
            )}
          </p>
          <label className="checkbox-field">
            <input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} />
            <span>{t("Ask again where this judge failed before")}</span>
          </label>
        </fieldset>
      }
    />
  );
}
