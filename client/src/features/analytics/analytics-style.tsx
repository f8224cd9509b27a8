import { t } from "../../common/i18n";
import type { StyleControlled, WinRates } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { AnalyticsDefinitions } from "./analytics-definitions";
import { bootstrapLine, sentence } from "./analytics-robust-rows";
import { coefficient, Missing, signed } from "./analytics-values";
import { AnalyticsTableBox } from "./analytics-table-box";

const features = () =>
  [
    ["words", t("Words")],
    ["headers", t("Markdown headers")],
    ["list_items", t("List items")],
    ["bold", t("Bold spans")],
  ] as const satisfies readonly (readonly [keyof StyleControlled["coefficients"], string])[];

const rating = (v: number | null | undefined) => (v === null || v === undefined ? null : signed(Math.round(v).toString()));
const bound = (v: number | null, side: "lo" | "hi") => rating(v) ?? (side === "lo" ? "−∞" : "+∞");

/** Bradley–Terry ratings with length and Markdown held equal, beside the plain ones, and what style is worth. */
export function AnalyticsStyle({ stats }: { stats: WinRates }) {
  const reference = stats.reference_model;
  const style = stats.style_controlled;
  const rows = Object.entries(style?.ratings ?? {}).sort(
    ([a, x], [b, y]) => (y.rating ?? -Infinity) - (x.rating ?? -Infinity) || a.localeCompare(b),
  );
  return (
    <section aria-labelledby="analytics-style-heading">
      <h2 id="analytics-style-heading">{t("Style-controlled ratings")}</h2>
      {style === null ? (
        <p className="empty-state" data-testid="style-reason">
          {t("No style-controlled ratings.")} {sentence(stats.style_controlled_reason ?? "")}
        </p>
      ) : (
        <>
          <AnalyticsTableBox label={t("Style-controlled ratings table, scrolls sideways")}>
            <table className="table table-compact analytics-table analytics-style-table">
              <caption className="visually-hidden">
                {t("Ratings with style held equal, {{reference}} fixed at 1000", { reference })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("Model")}</th>
                  <th scope="col" className="num" title={t("Rating with every style difference held at 0")}>
                    {t("Style-controlled rating")}
                  </th>
                  <th scope="col" className="num">
                    {t("95% CI")}
                  </th>
                  <th scope="col" className="num" title={t("The Bradley–Terry rating without style features, for comparison")}>
                    {t("Without style control")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([model, r]) => (
                  <tr key={model} data-model={model}>
                    <th scope="row">
                      {model}
                      {model === reference && <span className="badge">{t("reference")}</span>}
                    </th>
                    <td className="num analytics-rating">
                      {rating(r.rating) ?? <Missing why={t("No finite rating fits these judgments")} />}
                    </td>
                    <td className="num">
                      {model === reference ? (
                        <span className="muted">{t("fixed")}</span>
                      ) : r.ci ? (
                        `[${bound(r.ci[0], "lo")}, ${bound(r.ci[1], "hi")}]`
                      ) : (
                        <Missing why={t("No interval: no bootstrap rounds, or too few instructions to resample")} />
                      )}
                    </td>
                    <td className="num">{rating(stats.bradley_terry[model]) ?? <Missing why={t("No finite plain rating")} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </AnalyticsTableBox>
          <p className="analytics-interval-line" data-testid="style-bootstrap">
            {bootstrapLine(stats)} {t("Fitted on {{n}} judgments.", { n: formatNumber(style.judgments) })}
          </p>
          <h3 id="analytics-style-coefficients">{t("Style coefficients")}</h3>
          <dl className="analytics-figures" aria-labelledby="analytics-style-coefficients" data-testid="style-coefficients">
            {features().map(([key, label]) => (
              <div key={key} data-feature={key}>
                <dt>{label}</dt>
                <dd>
                  {style.coefficients[key] === null ? (
                    <Missing why={t("This feature does not vary in these judgments, so it was left out of the fit")} />
                  ) : (
                    coefficient(style.coefficients[key])
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <p className="hint analytics-explain">
        {t(
          "Chatbot Arena's “style control”: the Bradley–Terry fit above, with four more terms per judgment for the difference between the two answers in words, Markdown headers, list items and bold spans (each as (a − b)/(a + b + 1), standardised). The ratings are read with every style difference at 0: how the models compare when they write alike. A coefficient is that feature's pull on the verdict per standard deviation of it (its scale is in the exact definition): positive means judges favour the answer with more of it; “—” means the feature never varies here and was left out.",
        )}
      </p>
      <AnalyticsDefinitions stats={stats} keys={["style_controlled"]} />
    </section>
  );
}
