import { t } from "../../common/i18n";
import type { WinTally } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import type { WinRow } from "./analytics-win-chart";
import { Missing, percent, percentInterval } from "./analytics-values";

export interface WinTableRow extends WinRow {
  /** Shown in its own column in the breakdowns, when more than one model met the reference. */
  model?: string;
  majority?: WinTally;
}

interface Props {
  rows: WinTableRow[];
  reference: string;
  /** The first column's heading: "Model", "Length range" or "Type". */
  rowHeading: string;
  showModel: boolean;
}

/** The numbers behind the stacked bars: counts, shares and win rates, one row per bar. */
export function AnalyticsWinTable({ rows, reference, rowHeading, showModel }: Props) {
  const overall = rows.some((r) => r.majority);
  return (
    <div className="table-wrap">
      <table className="table table-compact analytics-table analytics-win-table">
        <caption className="visually-hidden">{t("Win rates against {{reference}}", { reference })}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {rowHeading}
            </th>
            {showModel && (
              <th scope="col" rowSpan={2}>
                {t("Model")}
              </th>
            )}
            <th scope="colgroup" colSpan={4} className="group-head group-start">
              {t("Judgments")}
            </th>
            <th scope="colgroup" colSpan={3} className="group-head group-start">
              {t("Shares")}
            </th>
            <th scope="colgroup" colSpan={overall ? 4 : 1} className="group-head group-start">
              {t("Win rate")}
            </th>
          </tr>
          <tr>
            <th scope="col" className="num group-start">
              {t("Win")}
            </th>
            <th scope="col" className="num">
              {t("Tie")}
            </th>
            <th scope="col" className="num">
              {t("Loss")}
            </th>
            <th scope="col" className="num" title={t("Judgments against the reference")}>
              N
            </th>
            <th scope="col" className="num group-start">
              {t("Win")}
            </th>
            <th scope="col" className="num">
              {t("Tie")}
            </th>
            <th scope="col" className="num">
              {t("Loss")}
            </th>
            <th scope="col" className="num group-start" title={t("(W + T/2) / N over individual judgments; a “both bad” counts as a tie")}>
              {t("Per judgment")}
            </th>
            {overall && (
              <>
                <th scope="col" className="num" title={t("2.5th and 97.5th percentiles of the bootstrap over comparisons")}>
                  {t("95% CI")}
                </th>
                <th
                  scope="col"
                  className="num"
                  title={t("Per comparison the verdict of a strict majority of its annotators, else a tie; then (W + T/2) / N")}
                >
                  {t("Majority vote")}
                </th>
                <th scope="col" className="num" title={t("Comparisons behind the majority vote")}>
                  {t("Comparisons")}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <WinTableLine key={r.key} row={r} showModel={showModel} overall={overall} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WinTableLine({ row, showModel, overall }: { row: WinTableRow; showModel: boolean; overall: boolean }) {
  const tally = row.tally;
  const share = (k: number) => percent(tally.n > 0 ? k / tally.n : null);
  return (
    <tr data-row={row.key}>
      <th scope="row">{row.label}</th>
      {showModel && <td>{row.model}</td>}
      <td className="num group-start">{formatNumber(tally.win)}</td>
      <td className="num">{formatNumber(tally.tie)}</td>
      <td className="num">{formatNumber(tally.loss)}</td>
      <td className="num">{formatNumber(tally.n)}</td>
      <td className="num group-start">{share(tally.win)}</td>
      <td className="num">{share(tally.tie)}</td>
      <td className="num">{share(tally.loss)}</td>
      <td className="num group-start analytics-rate">{percent(tally.win_rate)}</td>
      {overall && (
        <>
          <td className="num">{row.ci ? percentInterval(row.ci) : <Missing why={t("No bootstrap rounds asked for (rounds = 0)")} />}</td>
          <td className="num">{percent(row.majority?.win_rate)}</td>
          <td className="num">{row.majority ? formatNumber(row.majority.n) : ""}</td>
        </>
      )}
    </tr>
  );
}
