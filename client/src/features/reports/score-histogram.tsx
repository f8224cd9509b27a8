import { t } from "../../common/i18n";
import type { ModelLengthReport } from "../../../../shared/schemas/report";
import { seriesClass } from "./chart-scale";
import { formatNumber } from "../../common/format";

const height = 260;
const m = { top: 12, right: 16, bottom: 48, left: 56 };
const plotH = height - m.top - m.bottom;
const bins = 10;

const scoreNames = {
  length: { symbol: "l", plain: "S_l" },
  quality: { symbol: "q", plain: "S_q" },
} as const;

export interface ScoredSample {
  model_id: number;
  /** 0–100. */
  score: number;
}

/** The share of each model's samples whose score falls in [0,10), [10,20), … [90,100]. */
function shares(models: ModelLengthReport[], samples: ScoredSample[]): number[][] {
  const index = new Map(models.map((model, i) => [model.model_id, i]));
  const counts = models.map(() => Array.from({ length: bins }, () => 0));
  const totals = models.map(() => 0);
  for (const s of samples) {
    const i = index.get(s.model_id);
    if (i === undefined) continue;
    const bin = Math.max(0, Math.min(bins - 1, Math.floor(s.score / (100 / bins))));
    counts[i]![bin]! += 1;
    totals[i]! += 1;
  }
  return counts.map((row, i) => row.map((c) => (totals[i]! > 0 ? c / totals[i]! : 0)));
}

const percent = (share: number) => `${formatNumber(Math.round(share * 100))}%`;
const binLabel = (bin: number) => (bin === bins - 1 ? `[${bin * 10},100]` : `[${bin * 10},${bin * 10 + 10})`);

interface Props {
  models: ModelLengthReport[];
  samples: ScoredSample[];
  kind: keyof typeof scoreNames;
  /** The drawing's own width, so two histograms side by side keep legible text. */
  width?: number;
}

/** A score's distribution per model as grouped bars (shares, so models with more samples do not dominate). */
export function ScoreHistogram({ models, samples, kind, width = 900 }: Props) {
  const { symbol, plain } = scoreNames[kind];
  const plotW = width - m.left - m.right;
  const binW = plotW / bins;
  const byModel = shares(models, samples);
  const top = Math.max(0.1, ...byModel.flat());
  const yMax = [0.1, 0.2, 0.5, 1].find((v) => v >= top) ?? 1;
  const yTicks = [0, 1, 2, 3, 4, 5].map((i) => (yMax * i) / 5);
  const y = (share: number) => m.top + plotH - (share / yMax) * plotH;
  const groupW = binW * 0.8;
  const barW = groupW / Math.max(1, models.length);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={kind === "length" ? t("Distribution of the length score per model") : t("Distribution of the quality score per model")}
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
        const model = models[mi];
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
                <title>
                  {t("{{model}}: {{share}} of samples with {{score}} in {{bin}}", {
                    model: model?.model_name ?? "",
                    share: percent(share),
                    score: plain,
                    bin: binLabel(bin),
                  })}
                </title>
              </rect>
            ))}
          </g>
        );
      })}
      <line className="chart-baseline" x1={m.left} x2={m.left + plotW} y1={m.top + plotH} y2={m.top + plotH} />
      <g className="chart-axis-label">
        <text x={m.left + plotW / 2} y={height - 8} textAnchor="middle">
          {kind === "length" ? t("Length score S") : t("Quality score S")}
          <tspan className="chart-sub" dy={3}>
            {symbol}
          </tspan>
        </text>
        <text transform={`translate(14 ${m.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
          {t("Share of samples")}
        </text>
      </g>
    </svg>
  );
}
