import { Link, useSearchParams } from "react-router";
import { InstructionSetsResponseSchema } from "../../../shared/schemas/instruction";
import { LengthReportSchema, type LengthReport } from "../../../shared/schemas/report";
import { withQuery } from "../api";
import { ChartLegend } from "../components/chart-legend";
import { ErrorAlert } from "../components/error-alert";
import { LengthScatter } from "../components/length-scatter";
import { LengthScoreTable } from "../components/length-score-table";
import { PageTitle } from "../components/page-title";
import { ScoreHistogram } from "../components/score-histogram";
import { formatNumber } from "../format";
import { useApiData } from "../use-api-data";

export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const sets = useApiData("/api/instruction-sets", InstructionSetsResponseSchema);
  const firstSet = sets.data?.sets[0];
  // The set lives in the URL so a report can be reloaded and shared; without one, the first set.
  const setId = params.get("set") ?? (firstSet ? String(firstSet.id) : null);
  const report = useApiData(setId ? withQuery("/api/reports/length", { set: setId }) : null, LengthReportSchema);

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
  const { points, points_total: total } = report;
  return (
    <div className="report" aria-busy={busy}>
      <h2>Length scores</h2>
      <p className="lead">
        LongBench-Write's S<sub>l</sub> (0–100): 100 when an output has the required number of words, falling to 0 at
        a third of it or four times it. Averaged over finished outputs of instructions with a required length.
      </p>
      <LengthScoreTable ranges={report.ranges} models={report.models} />

      <h2>Required vs produced length</h2>
      <ChartLegend models={report.models} />
      <div className="chart-box">
        <LengthScatter report={report} />
      </div>
      <p className="hint">
        Dashed: produced = required. Dotted: S<sub>l</sub> reaches 0 (a third and four times the required length).
        Empty outputs sit on the bottom edge.
      </p>
      {points.length < total && (
        <p className="hint">
          The plot shows {formatNumber(points.length)} of {formatNumber(total)} outputs, evenly thinned.
        </p>
      )}

      <h2>
        Distribution of S<sub>l</sub>
      </h2>
      <ChartLegend models={report.models} />
      <div className="chart-box">
        <ScoreHistogram report={report} />
      </div>
      <p className="hint">Each bar is a share of its model's samples, so models with more outputs do not dominate.</p>
    </div>
  );
}
