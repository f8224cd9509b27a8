import {
  PairJudgeJobProgressSchema,
  PairJudgeJobsResponseSchema,
  type PairJudgeJob,
  type PairJudgeJobProgress,
  type PairJudgeSource,
} from "../../../../shared/schemas/pair-judging";
import { Link } from "react-router";
import { countOf, formatNumber } from "../../common/format";
import { t } from "../../common/i18n";
import type { JobColumn, JobKind } from "../../common/jobs/job-kind";

/** Where a job's pairs come from, in words, with a link to the campaign or pair run. */
export function SourceText({ source }: { source: PairJudgeSource }) {
  if (source.kind === "campaign") {
    return <Link to={`/campaigns/${source.campaign_id}`}>{t("Campaign #{{id}}", { id: source.campaign_id })}</Link>;
  }
  if (source.kind === "pair-run") {
    return <Link to={`/pairs/runs/${source.pair_run_id}`}>{t("Pair run #{{id}}", { id: source.pair_run_id })}</Link>;
  }
  return <>{t("Model {{a}} against model {{b}}", { a: source.model_a_id, b: source.model_b_id })}</>;
}

/** A pairwise judge job on the shared job screens: a judge compares each pair in both orders. */
export const pairJudgeJobKind: JobKind<PairJudgeJob, PairJudgeJobProgress> = {
  listSchema: PairJudgeJobsResponseSchema,
  progressSchema: PairJudgeJobProgressSchema,
  // Getters: the words are read at render time, in the interface's current language.
  get title() {
    return t("Pairwise judge job");
  },
  get noun() {
    return t("pairwise judge job");
  },
  home: "/judges",
  get homeLabel() {
    return t("Judges");
  },
  api: "/api/pair-judge-jobs",
  get cancelNote() {
    return t("Orders not yet answered will not be; finished answers are kept.");
  },
  get columns() {
    return pairColumns();
  },
  get workHeader() {
    return t("Answers");
  },
  get trailingColumns() {
    return [
      {
        header: t("Cached"),
        title: t("Orders already answered by this judge with this template: not asked again"),
        numeric: true,
        cell: (job: PairJudgeJob) => formatNumber(job.cached),
      },
    ];
  },
  facts: (job) => [
    [t("Judge"), job.identity],
    [t("Pairs"), <SourceText key="source" source={job.source} />],
    [t("Comparisons"), t("{{pairs}}, each asked in both orders", { pairs: countOf(job.pairs, "pair") })],
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

function pairColumns(): JobColumn<PairJudgeJob>[] {
  return [
    { header: t("Judge"), cell: (job) => job.identity },
    { header: t("Pairs"), cell: (job) => <SourceText source={job.source} /> },
  ];
}
