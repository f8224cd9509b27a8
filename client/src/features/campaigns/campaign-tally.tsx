import { t } from "../../common/i18n";
import { useId } from "react";
import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatNumber } from "../../common/format";
import { formatPercent } from "../../common/campaign-format";

type Tally = CampaignDashboard["tally"];

/** (wins + ½ ties) / n, a "both bad" counted as a tie (as Chatbot Arena counts its "tie (bothbad)" vote). */
export function winRate(tally: Tally): { rate: number | null; n: number } {
  const n = tally.a_wins + tally.ties + tally.b_wins + tally.both_bad;
  return { rate: n === 0 ? null : (tally.a_wins + 0.5 * (tally.ties + tally.both_bad)) / n, n };
}

/** How A fares against B so far: the four outcomes as counts and as one stacked bar, and A's win rate. */
export function CampaignTally({ tally }: { tally: Tally }) {
  const id = useId();
  const { rate, n } = winRate(tally);
  const parts = [
    { key: "a", label: t("{{model}} wins", { model: tally.a }), count: tally.a_wins, className: "tally-a series-0" },
    { key: "tie", label: t("ties"), count: tally.ties, className: "tally-tie" },
    { key: "b", label: t("{{model}} wins", { model: tally.b }), count: tally.b_wins, className: "tally-b series-1" },
    { key: "both-bad", label: t("both bad"), count: tally.both_bad, className: "tally-both-bad" },
  ];
  const summary = parts.map((p) => `${formatNumber(p.count)} ${p.label}`).join(", ");
  return (
    <section aria-labelledby={`${id}-heading`} className="panel campaign-tally">
      <h2 id={`${id}-heading`}>
        {t("Tally:")} {tally.a} <span className="muted">vs</span> {tally.b}
      </h2>
      <div className="tally-bar" role="img" aria-label={n === 0 ? t("No judgments yet") : summary} title={summary}>
        {n > 0 &&
          parts.map(
            (p) =>
              p.count > 0 && <span key={p.key} className={`tally-segment ${p.className}`} style={{ width: `${(p.count / n) * 100}%` }} />,
          )}
      </div>
      <ul className="tally-legend" data-testid="campaign-tally">
        {parts.map((p) => (
          <li key={p.key} data-verdict={p.key}>
            <span className={`swatch tally-segment ${p.className}`} aria-hidden="true" />
            <strong data-testid={`tally-${p.key}`}>{formatNumber(p.count)}</strong> {p.label}
          </li>
        ))}
      </ul>
      <p className="tally-rate">
        {t("Win rate of {{model}}:", { model: tally.a })}{" "}
        <strong data-testid="campaign-win-rate">{rate === null ? "—" : formatPercent(rate, 1)}</strong>{" "}
        <span className="hint">{t("= (wins + ½ ties) / n, n = {{n}}; a “both bad” counts as a tie.", { n: formatNumber(n) })}</span>
      </p>
    </section>
  );
}
