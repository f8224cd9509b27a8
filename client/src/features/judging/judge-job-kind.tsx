import { JudgeJobProgressSchema, JudgeJobsResponseSchema, type JudgeJob, type JudgeJobProgress } from "../../../../shared/schemas/judging";
import { shortHash } from "../../common/components/judge-score-parts";
import { formatNumber } from "../../common/format";
import type { JobKind } from "../../common/jobs/job-kind";
import { instructionsText } from "../../common/jobs/job-summary";
import { JudgedModelsText } from "./judged-models-text";

/** A judge job on the shared job screens: one judge model scores the finished samples of a set. */
export const judgeJobKind: JobKind<JudgeJob, JudgeJobProgress> = {
  listSchema: JudgeJobsResponseSchema,
  progressSchema: JudgeJobProgressSchema,
  title: "Judge job",
  noun: "judge job",
  home: "/judging",
  homeLabel: "Judging",
  api: "/api/judge-jobs",
  cancelNote: "Samples not yet judged will not be; finished judge scores are kept.",
  columns: [
    { header: "Judge", cell: (job) => job.judge_model_name },
    {
      header: "Template",
      cell: (job) => (
        <>
          {job.template_name}
          <div className="hint mono" title={job.template_hash}>
            {shortHash(job.template_hash)}
          </div>
        </>
      ),
    },
  ],
  workHeader: "Judge scores",
  trailingColumns: [
    {
      header: "Cached",
      title: "Samples already judged by this judge with this template: not asked again",
      numeric: true,
      cell: (job) => formatNumber(job.cached),
    },
  ],
  facts: (job) => [
    ["Judge", job.judge_model_name],
    [
      "Template",
      <>
        {job.template_name}{" "}
        <span className="mono muted" title={job.template_hash}>
          {shortHash(job.template_hash)}
        </span>
      </>,
    ],
    ["Samples of", <JudgedModelsText key="models" modelIds={job.filter.model_ids} />],
    ["Instructions", instructionsText(job.filter)],
    [
      "Settings",
      <>
        temperature {job.temperature} · max tokens {formatNumber(job.max_tokens)} · up to {job.max_answers} answer
        {job.max_answers === 1 ? "" : "s"}
      </>,
    ],
  ],
};
