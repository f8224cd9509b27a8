import { t } from "../../common/i18n";
import { Link, useNavigate } from "react-router";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { formatDateTime, formatNumber } from "../../common/format";
import { shortHash } from "../../common/components/judge-score-parts";
import { StatusCounts } from "./proposal-status";

export function PairRunsTable({ runs }: { runs: PairRun[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table pair-runs-table">
        <thead>
          <tr>
            <th scope="col" className="col-id">
              {t("Run")}
            </th>
            <th scope="col">{t("Set")}</th>
            <th scope="col">{t("Judge · template")}</th>
            <th scope="col">{t("Strategy")}</th>
            <th scope="col" className="num">
              {t("Seed")}
            </th>
            <th scope="col" className="num">
              {t("Proposals")}
            </th>
            <th scope="col">{t("By status")}</th>
            <th scope="col" className="num" title={t("Finished samples left without S: not judged, judge failed, or excluded by a flag")}>
              {t("Unscored")}
            </th>
            <th scope="col">{t("Created")}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const to = `/pairs/runs/${run.id}`;
            return (
              <tr
                key={run.id}
                className="row-link"
                // Mouse users may click anywhere on the row; keyboard users have the link.
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a") && !window.getSelection()?.toString()) navigate(to);
                }}
              >
                <td className="col-id">
                  <Link to={to} className="strong-link">
                    #{run.id}
                  </Link>
                </td>
                <td>{run.set_name}</td>
                <td>
                  {run.judge_model_name} · {run.template_name}
                  <div className="hint mono" title={run.template_hash}>
                    {shortHash(run.template_hash)}
                  </div>
                </td>
                <td className="mono nowrap">{run.strategy}</td>
                <td className="num mono">{run.seed}</td>
                <td className="num">{formatNumber(run.proposals)}</td>
                <td>
                  <StatusCounts counts={run.status_counts} />
                </td>
                <td className="num">{formatNumber(run.unscored)}</td>
                <td className="muted nowrap">{formatDateTime(run.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
