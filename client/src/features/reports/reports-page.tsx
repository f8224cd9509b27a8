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

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const sets = useApiData("/api/instruction-sets", InstructionSetsResponseSchema);
  const firstSet = sets.data?.sets[0];
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
      <PageTitle title={report.data ? `Reports · ${report.data.set.name}` : "Reports"} />
      <div className="page-header">
        <h1>Reports</h1>
      </div>
      <ErrorAlert error={sets.error} />
      {sets.data && sets.data.sets.length === 0 && (
        <div className="empty-state">
          <p>No instruction sets yet.</p>
          <p className="muted">
            <Link to="/sets">Import instructions</Link> first.
          </p>
        </div>
      )}
      {sets.data && sets.data.sets.length > 0 && (
        <div className="report-controls">
          <div className="field">
            <label htmlFor="report-set">Set</label>
            <select id="report-set" value={setId ?? ""} onChange={(e) => setParams({ set: e.target.value })}>
              {sets.data.sets.map((s) => (
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
      {(sets.loading || report.loading) && !report.data && !report.error && <p className="muted">Loading…</p>}
      {report.data && !report.error && <ReportBody report={report.data} busy={report.loading} />}
    </section>
  );
}

function ReportBody({ report, busy }: { report: LengthReport; busy: boolean }) {
  if (report.models.length === 0) {
    return (
      <div className="empty-state">
        <p>No scored outputs yet — sample or import outputs for this set.</p>
      </div>
    );
  }
  const { points, points_total: total, judge } = report;
  const judged = report.models.some((m) => m.judged > 0);
  return (
    <div className="report" aria-busy={busy}>
      <h2>Scores</h2>
      <p className="lead">
        LongBench-Write's table. S<sub>l</sub> (0–100): 100 when an output has the required number of words, falling to 0 at a third of it
        or four times it; averaged over finished outputs of instructions with a required length. S<sub>q</sub> (0–100): the judge's six 1–5
        scores, each dimension's mean mapped to 0–100, then averaged; outputs the judge failed on are left out. S = (S<sub>l</sub> + S
        <sub>q</sub>) / 2.
      </p>
      {judge && (
        <p className="hint">
          S<sub>q</sub> by <strong>{judge.judge_model_name}</strong> with the template <strong>{judge.template_name}</strong>. Per range,
          hover an S<sub>q</sub> cell for that range's S.
        </p>
      )}
      {!judged && (
        <p className="quality-note" role="note">
          {judge
            ? `${judge.judge_model_name} has not scored any output of this set with this template yet`
            : "No judge scores for this set yet"}
          : S<sub>q</sub> and S need a judge job. Start one on the <Link to="/judging">Judging page</Link>.
        </p>
      )}
      <ScoreTable ranges={report.ranges} models={report.models} judged={judge !== null} />

      {judged && (
        <>
          <h2>Quality by dimension</h2>
          <p className="hint">
            Each dimension: (mean score − 1) × 25 over the judged outputs; S<sub>q</sub> is their mean.
          </p>
          <QualityDimensionTable models={report.models} />
        </>
      )}

      <h2>Required vs produced length</h2>
      <ChartLegend models={report.models} />
      <div className="chart-box">
        <LengthScatter report={report} />
      </div>
      <p className="hint">
        Dashed: produced = required. Dotted: S<sub>l</sub> reaches 0 (a third and four times the required length). Empty outputs sit on the
        bottom edge.
      </p>
      {points.length < total && (
        <p className="hint">
          The plot shows {formatNumber(points.length)} of {formatNumber(total)} outputs, evenly thinned.
        </p>
      )}

      <h2>Score distributions</h2>
      <ChartLegend models={report.models} />
      <ScoreDistributions report={report} judged={judged} />
      <p className="hint">Each bar is a share of its model's samples, so models with more outputs do not dominate.</p>
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
            S<sub>l</sub>
          </h3>
        </figcaption>
        <div className="chart-box">
          <ScoreHistogram models={report.models} samples={lengthScores} kind="length" width={560} />
        </div>
      </figure>
      <figure className="histogram">
        <figcaption>
          <h3>
            S<sub>q</sub>
          </h3>
        </figcaption>
        {judged ? (
          <div className="chart-box">
            <ScoreHistogram models={report.models} samples={qualityScores} kind="quality" width={560} />
          </div>
        ) : (
          <p className="chart-box chart-empty muted">No judged outputs yet.</p>
        )}
        {thinned && (
          <p className="hint">
            {formatNumber(report.quality_points.length)} of {formatNumber(report.quality_points_total)} judged outputs, evenly thinned.
          </p>
        )}
      </figure>
    </div>
  );
}
