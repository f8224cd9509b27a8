import { t } from "../../common/i18n";
import type { WinTally } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { percent } from "./analytics-values";

export interface WinRow {
  key: string;
  /** What the row is: a model, or a length range / type (and its model when there are several). */
  label: string;
  tally: WinTally;
  /** The win rate's 95% bootstrap interval, drawn as a whisker under the bar (only the "All" view has one). */
  ci?: [number, number] | null;
  /** Rows of one group (a length range or type, with several models) sit closer together than the groups. */
  group?: string;
}

const width = 900;
const m = { top: 8, right: 72, bottom: 34, left: 210 };
const plotW = width - m.left - m.right;
const barH = 22;
const groupGap = 10;
const maxLabel = 28;
const ticks = [0, 0.25, 0.5, 0.75, 1];
const outcomes = ["win", "tie", "loss"] as const;

const x = (share: number) => m.left + share * plotW;
const short = (label: string) => (label.length > maxLabel ? `${label.slice(0, maxLabel - 1)}…` : label);

/**
 * The LongWriter paper's Figure 9: one horizontal bar per row, split into the shares of wins, ties and losses
 * against the reference, each labelled when wide enough; under it the win rate (W + T/2)/N with its interval.
 */
export function AnalyticsWinChart({ rows, reference }: { rows: WinRow[]; reference: string }) {
  const whiskers = rows.some((r) => r.ci);
  const rowH = barH + (whiskers ? 22 : 12);
  const tops: number[] = [];
  let y = m.top;
  rows.forEach((row, i) => {
    if (i > 0 && row.group !== rows[i - 1]!.group) y += groupGap;
    tops.push(y + 4);
    y += rowH;
  });
  const plotBottom = y;
  const height = plotBottom + m.bottom;
  const summary = rows
    .map(({ label, tally }) =>
      t("{{label}}: {{win}} win, {{tie}} tie, {{loss}} loss", {
        label,
        win: percent(tally.win / tally.n, 0),
        tie: percent(tally.tie / tally.n, 0),
        loss: percent(tally.loss / tally.n, 0),
      }),
    )
    .join("; ");
  return (
    <svg
      className="chart analytics-win-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={t("Win, tie and loss shares against {{reference}}. {{summary}}.", { reference, summary })}
    >
      <g className="chart-grid">
        {ticks.map((t) => (
          <line key={t} x1={x(t)} x2={x(t)} y1={m.top} y2={plotBottom} className={t === 0.5 ? "analytics-even" : undefined} />
        ))}
      </g>
      <g className="chart-ticks">
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={plotBottom + 18} textAnchor="middle">
            {percent(t, 0)}
          </text>
        ))}
      </g>
      {rows.map((row, i) => (
        <WinBar key={row.key} row={row} top={tops[i]!} />
      ))}
    </svg>
  );
}

function WinBar({ row, top }: { row: WinRow; top: number }) {
  const { tally } = row;
  const shares = outcomes.map((o) => tally[o] / tally.n);
  const starts = [0, shares[0]!, shares[0]! + shares[1]!];
  const mid = top + barH / 2;
  return (
    <g data-row={row.label}>
      <text className="analytics-bar-label" x={m.left - 10} y={mid} textAnchor="end" dominantBaseline="middle">
        {short(row.label)}
        <title>{row.label}</title>
      </text>
      {outcomes.map((o, k) => {
        const w = shares[k]! * plotW;
        if (w <= 0) return null;
        return (
          <g key={o} className={`analytics-segment analytics-${o}`}>
            <rect x={x(starts[k]!)} y={top} width={w} height={barH}>
              <title>
                {t("{{label}}: {{count}} {{outcome}} of {{n}} ({{share}})", {
                  label: row.label,
                  count: formatNumber(tally[o]),
                  outcome: o === "win" ? t("wins") : o === "tie" ? t("ties") : t("losses"),
                  n: formatNumber(tally.n),
                  share: percent(shares[k]),
                })}
              </title>
            </rect>
            {w >= 34 && (
              <text x={x(starts[k]!) + w / 2} y={mid} textAnchor="middle" dominantBaseline="central">
                {percent(shares[k], 0)}
              </text>
            )}
          </g>
        );
      })}
      <text className="analytics-bar-n" x={x(1) + 8} y={mid} dominantBaseline="middle">
        n = {formatNumber(tally.n)}
      </text>
      {row.ci && tally.win_rate !== null && <Whisker ci={row.ci} rate={tally.win_rate} y={top + barH + 9} label={row.label} />}
    </g>
  );
}

function Whisker({ ci, rate, y, label }: { ci: [number, number]; rate: number; y: number; label: string }) {
  const [lo, hi] = [x(ci[0]), x(ci[1])];
  const r = 4;
  const c = x(rate);
  return (
    <g className="analytics-ci">
      <title>
        {t("{{label}}: win rate {{rate}}, 95% interval {{lo}} to {{hi}}", {
          label,
          rate: percent(rate),
          lo: percent(ci[0]),
          hi: percent(ci[1]),
        })}
      </title>
      <line x1={lo} x2={hi} y1={y} y2={y} />
      <line x1={lo} x2={lo} y1={y - 3} y2={y + 3} />
      <line x1={hi} x2={hi} y1={y - 3} y2={y + 3} />
      <path d={`M${c} ${y - r}L${c + r} ${y}L${c} ${y + r}L${c - r} ${y}Z`} />
    </g>
  );
}
