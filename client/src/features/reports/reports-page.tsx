import { Link, useSearchParams } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { LengthReportSchema, type LengthReport } from "../../../../shared/schemas/report";
import { lengthScore } from "../../../../shared/scoring/length-score";
import { withQuery } from "../../common/api";
import { ChartLegend } from "./chart-legend";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgePicker, parseJudgeKey } from "./judge-picker";
import { LengthScatter } from "./length-scatter";
import { PageTitle } from "../../common/components/page-title";
import { QualityDimensionTable } from "./quality-dimension-table";
import { ScoreHistogram } from "./score-histogram";
import { ScoreTable } from "./score-table";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { useChoices } from "../../common/hooks/use-paged-list";
import { t } from "../../common/i18n";

// LongBench-Write's symbols, the same in every language.
const Sl = () => (
  <>
    S<sub>l</sub>
  </>
);
const Sq = () => (
  <>
    S<sub>q</sub>
  </>
);

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const firstSet = sets.data?.items[0];
  // The set and judge live in the URL so a report can be reloaded and shared; without a set, the first
  // one; without a judge, the server's choice (the set's most recently run judge).
  const setId = params.get("set") ?? (firstSet ? String(firstSet.id) : null);
  const judgeModel = params.get("judge_model") ?? undefined;
  const template = params.get("template") ?? undefined;
  const report = useApiData(
    setId ? withQuery("/api/reports/length", { set: setId, judge_model: judgeModel, template }) : null,
    LengthReportSchema,
  );
  const chooseJudge = (key: string) => {
    const judge = parseJudgeKey(key);
    if (setId && judge) setParams({ set: setId, ...judge });
  };

  return (
    <section>
      <PageTitle title={report.data ? `${t("Reports")} · ${report.data.set.name}` : t("Reports")} />
      <div className="page-header">
        <h1>{t("Reports")}</h1>
      </div>
      <ErrorAlert error={sets.error} />
      <FirstItemsNote list={sets.data} what={t("instruction sets")} />
      {sets.data && sets.data.items.length === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets yet.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions first.")}</Link>
          </p>
        </div>
      )}
      {sets.data && sets.data.items.length > 0 && (
        <div className="report-controls">
          <div className="field">
            <label htmlFor="report-set">{t("Set")}</label>
            <select id="report-set" value={setId ?? ""} onChange={(e) => setParams({ set: e.target.value })}>
              {sets.data.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {report.data && <JudgePicker judge={report.data.judge} judges={report.data.judges} onChange={chooseJudge} />}
        </div>
      )}
      <ErrorAlert error={report.error} />
      {(sets.loading || report.loading) && !report.data && !report.error && <p className="muted">{t("Loading…")}</p>}
      {report.data && !report.error && <ReportBody report={report.data} busy={report.loading} />}
    </section>
  );
}

function ReportBody({ report, busy }: { report: LengthReport; busy: boolean }) {
  if (report.models.length === 0) {
    return (
      <div className="empty-state">
        <p>{t("No scored outputs yet — sample or import outputs for this set.")}</p>
      </div>
    );
  }
  const { points, points_total: total, judge } = report;
  const judged = report.models.some((m) => m.judged > 0);
  return (
    <div className="report" aria-busy={busy}>
      <h2>{t("Scores")}</h2>
      <p className="lead">
        {t("LongBench-Write's table.")} <Sl /> (0–100):{" "}
        {t(
          "100 when an output has the required number of words, falling to 0 at a third of it or four times it; averaged over finished outputs of instructions with a required length.",
        )}{" "}
        <Sq /> (0–100):{" "}
        {t("the judge's six 1–5 scores, each dimension's mean mapped to 0–100, then averaged; outputs the judge failed on are left out.")} S
        = (<Sl /> + <Sq />) / 2.
      </p>
      {judge && (
        <p className="hint">
          <Sq />: {t("by {{judge}} with the template {{template}}.", { judge: judge.judge_model_name, template: judge.template_name })}{" "}
          {t("Per range, hover a cell for that range's S.")}
        </p>
      )}
      {report.failed_judge_job && <FailedJudgeJobNote job={report.failed_judge_job} />}
      {!judged && !report.failed_judge_job && (
        <p className="quality-note" role="note">
          {judge
            ? t("{{judge}} has not scored any output of this set with this template yet", { judge: judge.judge_model_name })
            : t("No judge scores for this set yet")}
          : <Sq /> {t("and S need a judge job.")} <Link to="/judging">{t("Start one on the Judging page.")}</Link>
        </p>
      )}
      <ScoreTable ranges={report.ranges} models={report.models} judged={judge !== null} />

      {judged && (
        <>
          <h2>{t("Quality by dimension")}</h2>
          <p className="hint">
            {t("Each dimension: (mean score − 1) × 25 over the judged outputs;")} <Sq /> {t("is their mean.")}
          </p>
          <QualityDimensionTable models={report.models} />
        </>
      )}

      <h2>{t("Required vs produced length")}</h2>
      <ChartLegend models={report.models} />
      <div className="chart-box">
        <LengthScatter report={report} />
      </div>
      <p className="hint">
        {t("Dashed: produced = required.")} {t("Dotted:")} <Sl />{" "}
        {t("reaches 0 (a third and four times the required length). Empty outputs sit on the bottom edge.")}
      </p>
      {points.length < total && (
        <p className="hint">
          {t("The plot shows {{shown}} of {{total}} outputs, evenly thinned.", {
            shown: formatNumber(points.length),
            total: formatNumber(total),
          })}
        </p>
      )}

      <h2>{t("Score distributions")}</h2>
      <ChartLegend models={report.models} />
      <ScoreDistributions report={report} judged={judged} />
      <p className="hint">{t("Each bar is a share of its model's samples, so models with more outputs do not dominate.")}</p>
    </div>
  );
}

function ScoreDistributions({ report, judged }: { report: LengthReport; judged: boolean }) {
  const lengthScores = report.points.map((p) => ({ model_id: p.model_id, score: lengthScore(p.required, p.produced) }));
  const qualityScores = report.quality_points.map((p) => ({ model_id: p.model_id, score: p.quality_score }));
  const thinned = report.quality_points.length < report.quality_points_total;
  return (
    <div className="histogram-pair">
      <figure className="histogram">
        <figcaption>
          <h3>
            <Sl />
          </h3>
        </figcaption>
        <div className="chart-box">
          <ScoreHistogram models={report.models} samples={lengthScores} kind="length" width={560} />
        </div>
      </figure>
      <figure className="histogram">
        <figcaption>
          <h3>
            <Sq />
          </h3>
        </figcaption>
        {judged ? (
          <div className="chart-box">
            <ScoreHistogram models={report.models} samples={qualityScores} kind="quality" width={560} />
          </div>
        ) : (
          <p className="chart-box chart-empty muted">{t("No judged outputs yet.")}</p>
        )}
        {thinned && (
          <p className="hint">
            {t("{{shown}} of {{total}} judged outputs, evenly thinned.", {
              shown: formatNumber(report.quality_points.length),
              total: formatNumber(report.quality_points_total),
            })}
          </p>
        )}
      </figure>
    </div>
  );
}

/** The set's newest judge job failed on every judgment: said so, with the way to its errors and its retry. */
function FailedJudgeJobNote({ job }: { job: NonNullable<LengthReport["failed_judge_job"]> }) {
  return (
    <p className="quality-note" role="alert" data-testid="failed-judge-job">
      {t("{{count}} judgments by {{judge}} failed", { count: formatNumber(job.failed), judge: job.judge_model_name })} —{" "}
      <Link to={`/judging/jobs/${job.id}`}>{t("see job {{id}}", { id: job.id })}</Link>.{" "}
      {t("Its page shows the errors and can retry the failed judgments.")}
    </p>
  );
}
