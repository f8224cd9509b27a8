import { t } from "../../common/i18n";
import type { LengthReport } from "../../../../shared/schemas/report";
import { formatTick, logDomain, logScale, logTicks, seriesClass } from "./chart-scale";
import { formatNumber } from "../../common/format";

const width = 900;
const height = 520;
const m = { top: 16, right: 24, bottom: 52, left: 64 };
const plotW = width - m.left - m.right;
const plotH = height - m.top - m.bottom;
// Where S_l reaches 0 in LongBench-Write: a third of the required length, and four times it.
const zeroFactors = [4, 1 / 3];

/** Required vs produced words of every finished sample, log scales on both axes, one colour per model. */
export function LengthScatter({ report }: { report: LengthReport }) {
  const { models, points } = report;
  const [lo, hi] = logDomain(points.flatMap((p) => [p.required, p.produced]));
  const x = logScale(lo, hi, m.left, m.left + plotW);
  const y = logScale(lo, hi, m.top + plotH, m.top);
  const ticks = logTicks(lo, hi);
  const series = new Map(models.map((model, i) => [model.model_id, { name: model.model_name, className: seriesClass(i) }]));
  const line = (factor: number) => ({ x1: x(lo), y1: y(lo * factor), x2: x(hi), y2: y(hi * factor) });

  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("Required versus produced length, log scales")}>
      <defs>
        <clipPath id="scatter-plot-area">
          <rect x={m.left} y={m.top} width={plotW} height={plotH} />
        </clipPath>
      </defs>
      <g className="chart-grid">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={m.top} y2={m.top + plotH} />
            <line x1={m.left} x2={m.left + plotW} y1={y(t)} y2={y(t)} />
          </g>
        ))}
      </g>
      <g className="chart-ticks">
        {ticks.map((t) => (
          <g key={t}>
            <text x={x(t)} y={m.top + plotH + 18} textAnchor="middle">
              {formatTick(t)}
            </text>
            <text x={m.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatTick(t)}
            </text>
          </g>
        ))}
      </g>
      <rect className="chart-frame" x={m.left} y={m.top} width={plotW} height={plotH} />
      <g clipPath="url(#scatter-plot-area)">
        <line className="chart-diagonal" {...line(1)} />
        {zeroFactors.map((f) => (
          <line key={f} className="chart-guide" {...line(f)} />
        ))}
        {points.map((p) => {
          const s = series.get(p.model_id);
          const name = s?.name ?? t("model {{id}}", { id: p.model_id });
          return (
            <circle key={p.sample_id} className={`chart-point ${s?.className ?? ""}`} cx={x(p.required)} cy={y(p.produced)} r={3.5}>
              <title>
                {t("{{name}}: {{required}} → {{produced}} words", {
                  name,
                  required: formatNumber(p.required),
                  produced: formatNumber(p.produced),
                })}
              </title>
            </circle>
          );
        })}
      </g>
      <g className="chart-axis-label">
        <text x={m.left + plotW / 2} y={height - 10} textAnchor="middle">
          {t("Required length (words)")}
        </text>
        <text transform={`translate(16 ${m.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {t("Produced length (words)")}
        </text>
      </g>
    </svg>
  );
}
