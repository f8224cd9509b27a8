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
        <caption className="visually-hidden">Win rates against {reference}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {rowHeading}
            </th>
            {showModel && (
              <th scope="col" rowSpan={2}>
                Model
              </th>
            )}
            <th scope="colgroup" colSpan={4} className="group-head group-start">
              Judgments
            </th>
            <th scope="colgroup" colSpan={3} className="group-head group-start">
              Shares
            </th>
            <th scope="colgroup" colSpan={overall ? 4 : 1} className="group-head group-start">
              Win rate
            </th>
          </tr>
          <tr>
            <th scope="col" className="num group-start">
              Win
            </th>
            <th scope="col" className="num">
              Tie
            </th>
            <th scope="col" className="num">
              Loss
            </th>
            <th scope="col" className="num" title="Judgments against the reference">
              N
            </th>
            <th scope="col" className="num group-start">
              Win
            </th>
            <th scope="col" className="num">
              Tie
            </th>
            <th scope="col" className="num">
              Loss
            </th>
            <th scope="col" className="num group-start" title="(W + T/2) / N over individual judgments; a “both bad” counts as a tie">
              Per judgment
            </th>
            {overall && (
              <>
                <th scope="col" className="num" title="2.5th and 97.5th percentiles of the bootstrap over comparisons">
                  95% CI
                </th>
                <th
                  scope="col"
                  className="num"
                  title="Per comparison the verdict of a strict majority of its annotators, else a tie; then (W + T/2) / N"
                >
                  Majority vote
                </th>
                <th scope="col" className="num" title="Comparisons behind the majority vote">
                  Comparisons
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
  const t = row.tally;
  const share = (k: number) => percent(t.n > 0 ? k / t.n : null);
  return (
    <tr data-row={row.key}>
      <th scope="row">{row.label}</th>
      {showModel && <td>{row.model}</td>}
      <td className="num group-start">{formatNumber(t.win)}</td>
      <td className="num">{formatNumber(t.tie)}</td>
      <td className="num">{formatNumber(t.loss)}</td>
      <td className="num">{formatNumber(t.n)}</td>
      <td className="num group-start">{share(t.win)}</td>
      <td className="num">{share(t.tie)}</td>
      <td className="num">{share(t.loss)}</td>
      <td className="num group-start analytics-rate">{percent(t.win_rate)}</td>
      {overall && (
        <>
          <td className="num">{row.ci ? percentInterval(row.ci) : <Missing why="No bootstrap rounds asked for (rounds = 0)" />}</td>
          <td className="num">{percent(row.majority?.win_rate)}</td>
          <td className="num">{row.majority ? formatNumber(row.majority.n) : ""}</td>
        </>
      )}
    </tr>
  );
}
