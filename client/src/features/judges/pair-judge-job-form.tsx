import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import type { Campaign } from "../../../../shared/schemas/campaigns";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { JudgeTemplate } from "../../../../shared/schemas/judging";
import type { Model } from "../../../../shared/schemas/model";
import { defaultPairJudgeParams, PairJudgeJobProgressSchema, type CreatePairJudgeJobBody } from "../../../../shared/schemas/pair-judging";
import { defaultMaxAnswers } from "../../../../shared/schemas/judging";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgeModelField } from "../../common/components/judge-choice-fields";
import { shortHash } from "../../common/components/judge-score-parts";
import { MaxTokensField, TemperatureField } from "../../common/jobs/generation-fields";
import { jobPath } from "../../common/jobs/job-kind";
import { t } from "../../common/i18n";
import { pairJudgeJobKind } from "./pair-judge-job-kind";
import { PairJudgePreview } from "./pair-judge-preview";
import { initialSourceDraft, PairJudgeSourceFields, sourceBody } from "./pair-judge-source-fields";

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

interface Props {
  /** Models with an endpoint: any of them can judge. */
  judges: Model[];
  /** Pairwise templates only. */
  templates: JudgeTemplate[];
  campaigns: Campaign[];
  sets: InstructionSet[];
  runs: PairRun[];
}

/** Starts a pairwise judge job: a judge model compares each pair in both orders with a pairwise template. */
export function PairJudgeJobForm({ judges, templates, campaigns, sets, runs }: Props) {
  const id = useId();
  const navigate = useNavigate();
  const [source, setSource] = useState(() => initialSourceDraft(campaigns, sets, runs));
  const [judgeId, setJudgeId] = useState(judges[0] ? String(judges[0].id) : "");
  // "" is the builtin pairwise template, which the server writes the first time it is needed.
  const [templateId, setTemplateId] = useState("");
  const [temperature, setTemperature] = useState(String(defaultPairJudgeParams.temperature));
  const [maxTokens, setMaxTokens] = useState(String(defaultPairJudgeParams.max_tokens));
  const [maxAnswers, setMaxAnswers] = useState(String(defaultMaxAnswers));
  const [retryFailed, setRetryFailed] = useState(true);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  const custom = templates.filter((tpl) => !tpl.builtin);
  const chosenTemplate = custom.some((tpl) => String(tpl.id) === templateId) ? templateId : "";
  const chosenSource = sourceBody(source);
  const body: CreatePairJudgeJobBody | null =
    chosenSource && judgeId
      ? {
          source: chosenSource,
          judge_model_id: Number(judgeId),
          template_id: chosenTemplate ? Number(chosenTemplate) : undefined,
          temperature: optionalNumber(temperature),
          max_tokens: optionalNumber(maxTokens),
          max_answers: optionalNumber(maxAnswers),
          retry_failed: retryFailed,
        }
      : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      const progress = await api(pairJudgeJobKind.api, { method: "POST", body, schema: PairJudgeJobProgressSchema });
      navigate(jobPath(pairJudgeJobKind, progress.job.id));
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }

  const builtin = templates.find((tpl) => tpl.builtin);
  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("New pairwise judge job")}</h2>
      <PairJudgeSourceFields id={id} value={source} onChange={setSource} campaigns={campaigns} sets={sets} runs={runs} />
      <div className="form-grid">
        <JudgeModelField id={id} judges={judges} value={judgeId} onChange={setJudgeId} />
        <div className="field">
          <label htmlFor={`${id}-template`}>{t("Pairwise template")}</label>
          <select id={`${id}-template`} value={chosenTemplate} onChange={(e) => setTemplateId(e.target.value)}>
            <option value="">
              {t("Builtin pairwise template")}
              {builtin ? ` (${shortHash(builtin.hash)})` : ""}
            </option>
            {custom.map((tpl) => (
              <option key={tpl.id} value={String(tpl.id)}>
                {tpl.name} ({shortHash(tpl.hash)})
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="form-fieldset">
        <legend>{t("Advanced")}</legend>
        <div className="form-grid">
          <TemperatureField id={id} value={temperature} onChange={setTemperature} />
          <MaxTokensField id={id} min={16} value={maxTokens} onChange={setMaxTokens} />
          <div className="field">
            <label htmlFor={`${id}-max-answers`}>{t("Max answers per order")}</label>
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
            "An answer that is not one verdict on the five-point scale is asked for again, up to this many times; then that order is marked “judge failed”, its raw answer kept and never counted.",
          )}
        </p>
        <label className="checkbox-field">
          <input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} />
          <span>{t("Ask again where this judge failed before")}</span>
        </label>
      </fieldset>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || body === null}>
          {t("Start judging pairs")}
        </button>
        <span className="muted" aria-live="polite">
          <PairJudgePreview body={body} />
        </span>
      </div>
    </form>
  );
}
