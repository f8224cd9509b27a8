import { t } from "../../common/i18n";
import { JudgeJobProgressSchema, JudgeJobsResponseSchema, type JudgeJob, type JudgeJobProgress } from "../../../../shared/schemas/judging";
import { shortHash } from "../../common/components/judge-score-parts";
import { countOf, formatNumber } from "../../common/format";
import type { JobColumn, JobKind } from "../../common/jobs/job-kind";
import { instructionsText } from "../../common/jobs/job-summary";
import { JudgedModelsText } from "./judged-models-text";

/** A judge job on the shared job screens: one judge model scores the finished samples of a set. */
export const judgeJobKind: JobKind<JudgeJob, JudgeJobProgress> = {
  listSchema: JudgeJobsResponseSchema,
  progressSchema: JudgeJobProgressSchema,
  // Getters: the words are read at render time, in the interface's current language.
  get title() {
    return t("Judge job");
  },
  get noun() {
    return t("judge job");
  },
  home: "/judging",
  get homeLabel() {
    return t("Judging");
  },
  api: "/api/judge-jobs",
  get cancelNote() {
    return t("Samples not yet judged will not be; finished judge scores are kept.");
  },
  get columns() {
    return judgeColumns();
  },
  get workHeader() {
    return t("Judge scores");
  },
  get trailingColumns() {
    return cachedColumns();
  },
  facts: (job) => [
    [t("Judge"), job.judge_model_name],
    [
      t("Template"),
      <>
        {job.template_name}{" "}
        <span className="mono muted" title={job.template_hash}>
          {shortHash(job.template_hash)}
        </span>
      </>,
    ],
    [t("Samples of"), <JudgedModelsText key="models" modelIds={job.filter.model_ids} />],
    [t("Instructions"), instructionsText(job.filter)],
    [
      t("Settings"),
      t("temperature {{temperature}} · max tokens {{maxTokens}} · up to {{answers}}", {
        temperature: job.temperature,
        maxTokens: formatNumber(job.max_tokens),
        answers: countOf(job.max_answers, "answer"),
      }),
    ],
  ],
};

function judgeColumns(): JobColumn<JudgeJob>[] {
  return [
    { header: t("Judge"), cell: (job) => job.judge_model_name },
    {
      header: t("Template"),
      cell: (job) => (
        <>
          {job.template_name}
          <div className="hint mono" title={job.template_hash}>
            {shortHash(job.template_hash)}
          </div>
        </>
      ),
    },
  ];
}

function cachedColumns(): JobColumn<JudgeJob>[] {
  return [
    {
      header: t("Cached"),
      title: t("Samples already judged by this judge with this template: not asked again"),
      numeric: true,
      cell: (job) => formatNumber(job.cached),
    },
  ];
}
