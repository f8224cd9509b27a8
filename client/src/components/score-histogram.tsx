import type { LengthReport } from "../../../shared/schemas/report";
import { lengthScore } from "../../../shared/scoring/length-score";
import { seriesClass } from "../chart-scale";
import { formatNumber } from "../format";

const width = 900;
const height = 260;
const m = { top: 12, right: 24, bottom: 48, left: 64 };
const plotW = width - m.left - m.right;
const plotH = height - m.top - m.bottom;
const bins = 10;
const binW = plotW / bins;

/** The share of each model's samples whose S_l falls in [0,10), [10,20), … [90,100]. */
function shares(report: LengthReport): number[][] {
  return report.models.map((model) => {
    const counts = Array.from({ length: bins }, () => 0);
    let total = 0;
    for (const p of report.points) {
      if (p.model_id !== model.model_id) continue;
      const bin = Math.min(bins - 1, Math.floor(lengthScore(p.required, p.produced) / (100 / bins)));
      counts[bin] = (counts[bin] ?? 0) + 1;
      total += 1;
    }
    return counts.map((c) => (total > 0 ? c / total : 0));
  });
}

const percent = (share: number) => `${formatNumber(Math.round(share * 100))}%`;
const binLabel = (bin: number) => (bin === bins - 1 ? `[${bin * 10},100]` : `[${bin * 10},${bin * 10 + 10})`);

/** S_l distribution per model as grouped bars (shares, so models with more samples do not dominate). */
export function ScoreHistogram({ report }: { report: LengthReport }) {
  const byModel = shares(report);
  const top = Math.max(0.1, ...byModel.flat());
  const yMax = [0.1, 0.2, 0.5, 1].find((v) => v >= top) ?? 1;
  const yTicks = [0, 1, 2, 3, 4, 5].map((i) => (yMax * i) / 5);
  const y = (share: number) => m.top + plotH - (share / yMax) * plotH;
  const groupW = binW * 0.8;
  const barW = groupW / Math.max(1, report.models.length);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label="Distribution of the length score per model"
    >
      <g className="chart-grid">
        {yTicks.map((t) => (
          <line key={t} x1={m.left} x2={m.left + plotW} y1={y(t)} y2={y(t)} />
        ))}
      </g>
      <g className="chart-ticks">
        {yTicks.map((t) => (
          <text key={t} x={m.left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle">
            {percent(t)}
          </text>
        ))}
        {Array.from({ length: bins + 1 }, (_, i) => (
          <text key={i} x={m.left + i * binW} y={m.top + plotH + 18} textAnchor="middle">
            {i * (100 / bins)}
          </text>
        ))}
      </g>
      {byModel.map((modelShares, mi) => {
        const model = report.models[mi];
        return (
          <g key={model?.model_id ?? mi} className={seriesClass(mi)}>
            {modelShares.map((share, bin) => (
              <rect
                key={bin}
                className="chart-bar"
                x={m.left + bin * binW + (binW - groupW) / 2 + mi * barW}
                y={y(share)}
                width={Math.max(1, barW - 1)}
                height={m.top + plotH - y(share)}
              >
                <title>{`${model?.model_name ?? ""}: ${percent(share)} of samples with S_l in ${binLabel(bin)}`}</title>
              </rect>
            ))}
          </g>
        );
      })}
      <line className="chart-baseline" x1={m.left} x2={m.left + plotW} y1={m.top + plotH} y2={m.top + plotH} />
      <g className="chart-axis-label">
        <text x={m.left + plotW / 2} y={height - 8} textAnchor="middle">
          Length score S
          <tspan className="chart-sub" dy={3}>
            l
          </tspan>
        </text>
        <text transform={`translate(16 ${m.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          Share of samples
        </text>
      </g>
    </svg>
  );
}
