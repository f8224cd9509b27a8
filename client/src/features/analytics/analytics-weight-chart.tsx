import { t } from "../../common/i18n";
import { percent } from "./analytics-values";

interface Point {
  weight: number;
  agreement: number;
}

const width = 560;
const height = 230;
const m = { top: 14, right: 20, bottom: 44, left: 56 };
const plotW = width - m.left - m.right;
const plotH = height - m.top - m.bottom;
const xTicks = [0, 0.25, 0.5, 0.75, 1];

/** A y range on tenths that holds every agreement and spans at least 0.2, so small differences stay visible but not loud. */
function domain(values: number[]): [number, number] {
  let lo = Math.floor(Math.min(...values) * 10 + 1e-9) / 10;
  let hi = Math.ceil(Math.max(...values) * 10 - 1e-9) / 10;
  if (hi - lo < 0.2) {
    hi = Math.min(1, lo + 0.2);
    lo = Math.max(0, hi - 0.2);
  }
  return [lo, hi];
}

/** Agreement with the annotators' winners against the length weight w, the best weight marked. */
export function AnalyticsWeightChart({ points, best }: { points: Point[]; best: number | null }) {
  const [lo, hi] = domain(points.map((p) => p.agreement));
  const step = hi - lo > 0.3 ? 0.1 : 0.05;
  const yTicks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  const x = (w: number) => m.left + w * plotW;
  const y = (a: number) => m.top + plotH - ((a - lo) / (hi - lo)) * plotH;
  const top = points.find((p) => p.weight === best);
  const label = top ? t("; best at w = {{w}} ({{agreement}})", { w: top.weight, agreement: percent(top.agreement) }) : "";
  return (
    <svg
      className="chart analytics-weight-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${t("Agreement with the annotators against the length weight w")}${label}`}
    >
      <g className="chart-grid">
        {yTicks.map((t) => (
          <line key={t} x1={m.left} x2={m.left + plotW} y1={y(t)} y2={y(t)} />
        ))}
      </g>
      <g className="chart-ticks">
        {yTicks.map((t) => (
          <text key={t} x={m.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle">
            {percent(t, 0)}
          </text>
        ))}
        {xTicks.map((t) => (
          <text key={t} x={x(t)} y={m.top + plotH + 18} textAnchor="middle">
            {t}
          </text>
        ))}
      </g>
      <line className="chart-baseline" x1={m.left} x2={m.left + plotW} y1={m.top + plotH} y2={m.top + plotH} />
      {top && <line className="chart-guide analytics-best-guide" x1={x(top.weight)} x2={x(top.weight)} y1={m.top} y2={m.top + plotH} />}
      <g className="series-0">
        <polyline className="analytics-curve" points={points.map((p) => `${x(p.weight)},${y(p.agreement)}`).join(" ")} />
        {points.map((p) => (
          <circle key={p.weight} className="chart-point" cx={x(p.weight)} cy={y(p.agreement)} r={2.5}>
            <title>{`w = ${p.weight}: ${percent(p.agreement)}`}</title>
          </circle>
        ))}
      </g>
      {top && (
        <g className="analytics-best">
          <circle cx={x(top.weight)} cy={y(top.agreement)} r={6} />
          <text x={x(top.weight) + (top.weight > 0.8 ? -10 : 10)} y={y(top.agreement) - 10} textAnchor={top.weight > 0.8 ? "end" : "start"}>
            {t("best w = {{w}}", { w: top.weight })}
          </text>
        </g>
      )}
      <g className="chart-axis-label">
        <text x={m.left + plotW / 2} y={height - 8} textAnchor="middle">
          {t("Length weight w in S = w·S")}
          <tspan className="chart-sub" dy={3}>
            l
          </tspan>
          <tspan dy={-3}> + (1 − w)·S</tspan>
          <tspan className="chart-sub" dy={3}>
            q
          </tspan>
        </text>
        <text transform={`translate(14 ${m.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {t("Agreement")}
        </text>
      </g>
    </svg>
  );
}
