import { useId, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import {
  InstructionPageSchema,
  InstructionSetResponseSchema,
  type InstructionSet,
} from "../../../../shared/schemas/instruction";
import {
  defaultJudgeParams,
  defaultMaxAnswers,
  JudgeJobProgressSchema,
  type CreateJudgeJobBody,
  type JudgeFilter,
  type JudgeTemplate,
} from "../../../../shared/schemas/judging";
import type { Model } from "../../../../shared/schemas/model";
import { api, asApiError, withQuery } from "../../common/api";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionFilterFields } from "../../common/components/instruction-filter-fields";
import { emptyJudgeFilter, JudgedModelsField, type JudgeFilterDraft } from "../../common/components/judge-filter-fields";
import { shortHash } from "../../common/components/judgment-parts";

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
export function JudgeJobForm({ sets, judges, models, templates }: Props) {
  const id = useId();
  const navigate = useNavigate();
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].id) : "");
  const [judgeId, setJudgeId] = useState(judges[0] ? String(judges[0].id) : "");
  // The builtin template comes first in the server's list.
  const [templateId, setTemplateId] = useState(templates[0] ? String(templates[0].id) : "");
  const [modelIds, setModelIds] = useState<ReadonlySet<number>>(new Set());
  const [filter, setFilter] = useState<JudgeFilterDraft>(emptyJudgeFilter);
  const [temperature, setTemperature] = useState(String(defaultJudgeParams.temperature));
  const [maxTokens, setMaxTokens] = useState(String(defaultJudgeParams.max_tokens));
  const [maxAnswers, setMaxAnswers] = useState(String(defaultMaxAnswers));
  const [retryFailed, setRetryFailed] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const set = sets.find((s) => String(s.id) === setId);
  // A template deleted below the form falls back to the builtin one.
  const template = templates.find((t) => String(t.id) === templateId) ?? templates[0];
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
    const judgeFilter = Object.fromEntries(chosen) as JudgeFilter;
    if (modelIds.size > 0) judgeFilter.model_ids = [...modelIds];
    const body: CreateJudgeJobBody = {
      set_id: Number(setId),
      judge_model_id: Number(judgeId),
      template_id: template?.id,
      filter: judgeFilter,
      temperature: optionalNumber(temperature),
      max_tokens: optionalNumber(maxTokens),
      max_answers: optionalNumber(maxAnswers),
      retry_failed: retryFailed,
    };
    setBusy(true);
    setError(undefined);
    try {
      const progress = await api("/api/judge-jobs", { method: "POST", body, schema: JudgeJobProgressSchema });
      navigate(`/judging/jobs/${progress.job.id}`);
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New judge job</h2>
      <div className="form-grid">
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
          <label htmlFor={`${id}-judge`}>Judge model</label>
          <select id={`${id}-judge`} required value={judgeId} onChange={(e) => setJudgeId(e.target.value)}>
            {judges.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-template`}>Judge template</label>
          <select id={`${id}-template`} required value={template ? String(template.id) : ""} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.name} ({shortHash(t.hash)})
              </option>
            ))}
          </select>
        </div>
      </div>
      <JudgedModelsField id={id} models={models} chosen={modelIds} onChange={setModelIds} />
      <InstructionFilterFields id={id} legend="Instructions (optional)" value={filter} set={set} categories={categories} onChange={setFilter} />
      <fieldset className="form-fieldset">
        <legend>Advanced</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-temperature`}>Temperature</label>
            <input
              id={`${id}-temperature`}
              type="number"
              min={0}
              max={2}
              step={0.05}
              value={temperature}
              onChange={(e) => setTemperature(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max-tokens`}>Max tokens</label>
            <input
              id={`${id}-max-tokens`}
              type="number"
              min={16}
              step={1}
              value={maxTokens}
              onChange={(e) => setMaxTokens(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max-answers`}>Max answers per sample</label>
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
          An answer that is not six scores from 1 to 5 is asked for again, up to this many times; then the sample
          is marked “judge failed”, its raw answer kept and never scored.
        </p>
        <label className="checkbox-field">
          <input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} />
          <span>Ask again where this judge failed before</span>
        </label>
      </fieldset>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !setId || !judgeId}>
          Start judging
        </button>
        <span className="muted" aria-live="polite">
          {matching.data &&
            `${countOf(matching.data.total, "instruction")} ${matching.data.total === 1 ? "matches" : "match"}`}
        </span>
      </div>
    </form>
  );
}
