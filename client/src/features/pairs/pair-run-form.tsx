import { t } from "../../common/i18n";
import { useId, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import type { JudgeJob, JudgeTemplate } from "../../../../shared/schemas/judging";
import type { Model } from "../../../../shared/schemas/model";
import { pairStrategies, PairRunResponseSchema, type CreatePairRunBody } from "../../../../shared/schemas/pairs";
import { offlineSignalNames, type OfflineSignalName } from "../../../../shared/scoring/offline-signals";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionSetField } from "../../common/components/instruction-set-field";
import { JudgeModelField, JudgeTemplateField } from "../../common/components/judge-choice-fields";
import { JudgedModelsField } from "../../common/components/judge-filter-fields";
import { flagNames } from "../../common/components/sample-facts";

type Strategy = (typeof pairStrategies)[number];

/** Called at render time, so the notes follow the interface language. */
export const strategyNotes = (): Record<Strategy, string> => ({
  "best-vs-random": t("LongWriter's recipe: the best sample of each group against one of the others, drawn with the seed."),
  "best-vs-worst": t("The best sample against the lowest S: one pair per group, with the widest margin."),
  "all-pairs": t("Every two samples whose S differ by at least the margin: up to n(n−1)/2 pairs per group."),
});

const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

interface Props {
  sets: InstructionSet[];
  models: Model[];
  templates: JudgeTemplate[];
  /** Newest first: the set's latest judge and template are the form's defaults. */
  judgeJobs: JudgeJob[];
}

/** The judge and template of the set's newest judge job, if it has one. */
function latestJudge(jobs: JudgeJob[], setId: string) {
  const job = jobs.find((j) => String(j.set_id) === setId);
  return job ? { judgeId: String(job.judge_model_id), templateId: String(job.template_id) } : undefined;
}

/** Proposes DPO pairs for a set: per (instruction, model), S = w·S_l + (1 − w)·S_q ranks the judged samples. */
export function PairRunForm({ sets, models, templates, judgeJobs }: Props) {
  const id = useId();
  const navigate = useNavigate();
  const firstSet = sets[0] ? String(sets[0].id) : "";
  const initialJudge = latestJudge(judgeJobs, firstSet);
  // A judge is any model that can judge, or that judged before and has since lost its endpoint.
  const judgeIds = new Set(judgeJobs.map((j) => j.judge_model_id));
  const judges = models.filter((m) => m.base_urls.length > 0 || judgeIds.has(m.id));

  const [setId, setSetId] = useState(firstSet);
  const [judgeId, setJudgeId] = useState(initialJudge?.judgeId ?? (judges[0] ? String(judges[0].id) : ""));
  // The builtin template comes first in the server's list.
  const [templateId, setTemplateId] = useState(initialJudge?.templateId ?? (templates[0] ? String(templates[0].id) : ""));
  const [modelIds, setModelIds] = useState<ReadonlySet<number>>(new Set());
  const [strategy, setStrategy] = useState<Strategy>("best-vs-random");
  const [seed, setSeed] = useState("");
  const [minMargin, setMinMargin] = useState("0");
  const [lengthWeight, setLengthWeight] = useState("0.5");
  const [excludeFlags, setExcludeFlags] = useState<ReadonlySet<OfflineSignalName>>(new Set(["empty"]));
  const [flagPenalty, setFlagPenalty] = useState("0");
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  function onSetChange(value: string) {
    setSetId(value);
    const judge = latestJudge(judgeJobs, value);
    if (judge) {
      setJudgeId(judge.judgeId);
      setTemplateId(judge.templateId);
    }
  }

  function toggle<T>(current: ReadonlySet<T>, value: T, on: boolean): ReadonlySet<T> {
    const next = new Set(current);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: CreatePairRunBody = {
      set_id: Number(setId),
      judge_model_id: Number(judgeId),
      template_id: optionalNumber(templateId),
      model_ids: modelIds.size > 0 ? [...modelIds] : undefined,
      strategy,
      seed: optionalNumber(seed),
      min_margin: optionalNumber(minMargin),
      length_weight: optionalNumber(lengthWeight),
      exclude_flags: offlineSignalNames.filter((f) => excludeFlags.has(f)),
      flag_penalty: optionalNumber(flagPenalty),
    };
    setBusy(true);
    setError(undefined);
    try {
      const { run } = await api("/api/pair-runs", { method: "POST", body, schema: PairRunResponseSchema });
      navigate(`/pairs/runs/${run.id}`);
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }

  return (
    <form className="panel pair-run-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Propose pairs")}</h2>
      <div className="form-grid">
        <InstructionSetField id={id} sets={sets} value={setId} onChange={onSetChange} />
        <JudgeModelField id={id} judges={judges} value={judgeId} onChange={setJudgeId} />
        <JudgeTemplateField id={id} templates={templates} value={templateId} onChange={setTemplateId} />
      </div>
      <p className="hint">
        S<sub>q</sub> {t("comes from this judge's scores made with this template; samples it has not judged, or failed on, are left out.")}
      </p>

      <JudgedModelsField
        id={id}
        models={models}
        chosen={modelIds}
        onChange={setModelIds}
        hint={t("Each model's samples are paired among themselves, never across models; none ticked pairs every model's.")}
      />

      <fieldset className="form-fieldset">
        <legend>{t("Strategy")}</legend>
        <div className="strategy-choices">
          {pairStrategies.map((s) => (
            <div key={s} className="strategy-choice">
              <label className="checkbox-field">
                <input
                  type="radio"
                  name={`${id}-strategy`}
                  value={s}
                  checked={strategy === s}
                  aria-describedby={`${id}-${s}-note`}
                  onChange={() => setStrategy(s)}
                />
                <span className="mono">{s}</span>
              </label>
              <span id={`${id}-${s}-note`} className="hint">
                {strategyNotes()[s]}
              </span>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>{t("Scores")}</legend>
        <div className="form-grid pair-number-grid">
          <div className="field">
            <label htmlFor={`${id}-seed`}>{t("Seed")}</label>
            <input
              id={`${id}-seed`}
              type="number"
              min={0}
              max={2 ** 32 - 1}
              step={1}
              placeholder={t("random")}
              aria-describedby={`${id}-seed-hint`}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
            <span id={`${id}-seed-hint`} className="hint">
              {t("Blank: a random one, stored with the run. Same seed, same pairs.")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-margin`}>{t("Min margin")}</label>
            <input
              id={`${id}-margin`}
              type="number"
              min={0}
              max={100}
              step="any"
              aria-describedby={`${id}-margin-hint`}
              value={minMargin}
              onChange={(e) => setMinMargin(e.target.value)}
            />
            <span id={`${id}-margin-hint`} className="hint">
              {t("Least S(chosen) − S(rejected) worth a pair.")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-weight`}>{t("Length weight w")}</label>
            <input
              id={`${id}-weight`}
              type="number"
              min={0}
              max={1}
              step={0.05}
              aria-describedby={`${id}-weight-hint`}
              value={lengthWeight}
              onChange={(e) => setLengthWeight(e.target.value)}
            />
            <span id={`${id}-weight-hint`} className="hint">
              S = w·S<sub>l</sub> + (1 − w)·S<sub>q</sub>; S = S<sub>q</sub> {t("without a required length.")}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-penalty`}>{t("Flag penalty")}</label>
            <input
              id={`${id}-penalty`}
              type="number"
              min={0}
              max={100}
              step="any"
              aria-describedby={`${id}-penalty-hint`}
              value={flagPenalty}
              onChange={(e) => setFlagPenalty(e.target.value)}
            />
            <span id={`${id}-penalty-hint`} className="hint">
              {t("Points off S per raised flag that does not exclude.")}
            </span>
          </div>
        </div>
        <div className="exclude-flags" role="group" aria-labelledby={`${id}-exclude-label`}>
          <span id={`${id}-exclude-label`} className="field-label">
            {t("Leave out samples that are")}
          </span>
          {offlineSignalNames.map((f) => (
            <label key={f} className="checkbox-field" title={flagNames[f] ? t(flagNames[f].title) : undefined}>
              <input
                type="checkbox"
                checked={excludeFlags.has(f)}
                onChange={(e) => setExcludeFlags(toggle(excludeFlags, f, e.target.checked))}
              />
              <span>{t(flagNames[f]?.label ?? f)}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <ErrorAlert error={error} />
      {error?.status === 400 && (
        <p className="hint">
          {t("Pairs are built from finished samples judged by the chosen judge with the chosen template: start a judge job on the")}{" "}
          <Link to="/judging">{t("Judging page")}</Link>
          {t(", or pick the judge and template that scored this set.")}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !setId || !judgeId}>
          {t("Propose pairs")}
        </button>
      </div>
    </form>
  );
}
