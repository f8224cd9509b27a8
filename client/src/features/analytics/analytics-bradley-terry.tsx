import { t } from "../../common/i18n";
import type { WinRates } from "../../../../shared/schemas/win-rates";
import { percent, percentInterval, signed } from "./analytics-values";

// A rating of null was ±Infinity or NaN before JSON (bradley-terry.ts): the implied win rate tells which,
// 1 for a model that beat the reference's group without ever losing back, 0 for the reverse, null for a model
// never compared with that group. Interval bounds are null where resampled ratings ran off to infinity.

interface Rating {
  model: string;
  rating: number | null;
  ci: [number | null, number | null] | null;
  winRate: number | null;
  winRateCi: [number | null, number | null] | null;
}

/** Where a rating sorts: its value, +∞ and −∞ where the implied win rate says so, unknown last. */
const sortValue = (r: Rating) => r.rating ?? (r.winRate === 1 ? Infinity : -Infinity);
const unknownLast = (r: Rating) => (r.rating === null && r.winRate === null ? 1 : 0);

function ratingText(r: Rating): { text: string; why?: string } {
  if (r.rating !== null) return { text: signed(Math.round(r.rating).toString()) };
  if (r.winRate === 1)
    return {
      text: "+∞",
      why: t("Won or tied against the reference's group and never lost back: no finite rating fits"),
    };
  if (r.winRate === 0) return { text: "−∞", why: t("Lost to the reference's group and never won back: no finite rating fits") };
  return { text: "—", why: t("Never compared, even through other models, with the reference") };
}

const bound = (v: number | null, side: "lo" | "hi") => (v === null ? (side === "lo" ? "−∞" : "+∞") : signed(Math.round(v).toString()));

/** Bradley–Terry ratings with the reference at 1000, their bootstrap intervals and the win rates they imply. */
export function AnalyticsBradleyTerry({ stats }: { stats: WinRates }) {
  const reference = stats.reference_model;
  const rows: Rating[] = Object.entries(stats.bradley_terry).map(([model, rating]) => ({
    model,
    rating,
    ci: stats.bradley_terry_ci95[model] ?? null,
    winRate: model === reference ? 0.5 : (stats.bt_win_rate_vs_reference[model] ?? null),
    winRateCi: stats.bt_win_rate_vs_reference_ci95[model] ?? null,
  }));
  rows.sort((a, b) => unknownLast(a) - unknownLast(b) || sortValue(b) - sortValue(a) || a.model.localeCompare(b.model));
  return (
    <section aria-labelledby="analytics-bt-heading">
      <h2 id="analytics-bt-heading">{t("Bradley–Terry ratings")}</h2>
      <div className="table-wrap">
        <table className="table table-compact analytics-table">
          <caption className="visually-hidden">{t("Bradley–Terry ratings, {{reference}} fixed at 1000", { reference })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Model")}</th>
              <th scope="col" className="num">
                {t("Rating")}
              </th>
              <th scope="col" className="num">
                {t("95% CI")}
              </th>
              <th scope="col" className="num" title="1 / (1 + 10^((1000 − R) / 400))">
                {t("Implied win rate vs {{reference}}", { reference })}
              </th>
              <th scope="col" className="num">
                {t("95% CI")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const isReference = r.model === reference;
              const rating = ratingText(r);
              return (
                <tr key={r.model} data-model={r.model}>
                  <th scope="row">
                    {r.model}
                    {isReference && <span className="badge">{t("reference")}</span>}
                  </th>
                  <td className="num analytics-rating" title={rating.why}>
                    {rating.text}
                  </td>
                  <td className="num">
                    {isReference ? (
                      <span className="muted">{t("fixed")}</span>
                    ) : r.ci ? (
                      `[${bound(r.ci[0], "lo")}, ${bound(r.ci[1], "hi")}]`
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="num">{isReference ? <span className="muted">50%</span> : percent(r.winRate)}</td>
                  <td className="num">{isReference ? "" : percentInterval(r.winRateCi)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {t(
          "Fitted by maximum likelihood over every judgment in these campaigns, a tie counting as half a win to each side, on the Elo scale",
        )}{" "}
        (400·log<sub>10</sub>){" "}
        {t(
          "with {{reference}} fixed at 1000, as Chatbot Arena and Arena-Hard report it. Unlike the win rates above it also uses comparisons between two candidates, putting every model on one scale. Intervals: the 2.5th and 97.5th percentiles of the fit repeated on resamples of instructions (every judgment of an instruction goes with it).",
          { reference },
        )}
      </p>
    </section>
  );
}
