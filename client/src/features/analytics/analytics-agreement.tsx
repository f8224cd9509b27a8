import { t } from "../../common/i18n";
import type { Agreement } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { AnalyticsCarefulness } from "./analytics-carefulness";
import { coefficient, Missing, percent } from "./analytics-values";

/** Landis and Koch's (1977) words for κ, the scale most papers quote; read from κ as shown, two decimals. */
export function kappaReading(value: number | null): string {
  if (value === null) return t("undefined");
  const kappa = Math.round(value * 100) / 100;
  if (kappa < 0) return t("below chance");
  if (kappa <= 0.2) return t("slight");
  if (kappa <= 0.4) return t("fair");
  if (kappa <= 0.6) return t("moderate");
  if (kappa <= 0.8) return t("substantial");
  return t("almost perfect");
}

const undefinedWhy = () => t("0/0: no pair of judgments to compare, or every judgment gave the same verdict");

/** How far the annotators agree: chance-corrected coefficients, every pair's Cohen's κ, each one against the others. */
export function AnalyticsAgreement({ agreement }: { agreement: Agreement }) {
  const pairs = Object.entries(agreement.cohen_kappa);
  const coefficients = [
    { name: "Fleiss' κ", value: agreement.fleiss_kappa, hint: t("all annotators at once, chance-corrected") },
    {
      name: t("Krippendorff's α (nominal)"),
      value: agreement.krippendorff_alpha_nominal,
      hint: t("any disagreement counts the same"),
    },
    {
      name: t("Krippendorff's α (interval)"),
      value: agreement.krippendorff_alpha_interval,
      hint: t("A wins / tie / B wins as 1 / 0 / −1: a tie against a win is half as wrong as the opposite verdict"),
    },
  ];
  return (
    <section aria-labelledby="analytics-agreement-heading">
      <h2 id="analytics-agreement-heading">{t("Agreement between annotators")}</h2>
      <dl className="analytics-figures">
        {coefficients.map((c) => (
          <div key={c.name} title={c.hint}>
            <dt>{c.name}</dt>
            <dd>
              {c.value === null ? <Missing why={undefinedWhy()} /> : coefficient(c.value)}{" "}
              <span className="muted">{c.value === null ? "" : kappaReading(c.value)}</span>
            </dd>
          </div>
        ))}
        <div
          title={t(
            "Share of pairs of judgments of the same comparison with the same verdict; ties count (MT-Bench's human–human agreement)",
          )}
        >
          <dt>{t("Pairwise agreement")}</dt>
          <dd>{percent(agreement.pairwise_agreement)}</dd>
        </div>
      </dl>
      <h3 id="analytics-kappa-heading">{t("Cohen's κ per pair of annotators")}</h3>
      {pairs.length === 0 ? (
        <p className="muted">{t("No two annotators judged the same comparison.")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact analytics-table" aria-labelledby="analytics-kappa-heading">
            <thead>
              <tr>
                <th scope="col">{t("Annotators")}</th>
                <th scope="col" className="num" title={t("Comparisons both judged")}>
                  n
                </th>
                <th scope="col" className="num" title={t("Share of those comparisons with the same verdict")}>
                  {t("Raw agreement")}
                </th>
                <th scope="col" className="num">
                  κ
                </th>
                <th scope="col">{t("Reading")}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map(([key, p]) => (
                <tr key={key} data-pair={key}>
                  <th scope="row">{key.split("|").join(" · ")}</th>
                  <td className="num">{formatNumber(p.n)}</td>
                  <td className="num">{percent(p.agreement)}</td>
                  <td className="num">{p.kappa === null ? <Missing why={undefinedWhy()} /> : coefficient(p.kappa)}</td>
                  <td className="muted">{kappaReading(p.kappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">
        {t(
          "Verdicts: A wins, tie (a “both bad” counts as one) or B wins. κ and α correct for the agreement chance alone would give: 0 is chance, 1 perfect; readings after Landis and Koch (1977).",
        )}
      </p>
      <AnalyticsCarefulness others={agreement.with_majority_of_others} />
    </section>
  );
}
