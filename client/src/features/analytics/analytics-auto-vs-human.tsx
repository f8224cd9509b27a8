import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { AutoVsHuman } from "../../../../shared/schemas/analytics";
import { formatNumber } from "../../common/format";
import { AnalyticsWeightChart } from "./analytics-weight-chart";
import { compareBuckets, percent } from "./analytics-values";

/** The automatic scores against the human verdicts of one campaign: kept proposals, and the length weight that agrees best. */
export function AnalyticsAutoVsHuman({ data, campaignName }: { data: AutoVsHuman; campaignName: string }) {
  const { judge, decided } = data;
  return (
    <section aria-labelledby="analytics-auto-heading" className="panel analytics-auto">
      <h2 id="analytics-auto-heading">{t("Automatic vs human")}</h2>
      <p className="hint">
        {campaignName}
        {judge ? (
          <>
            : S<sub>q</sub> {t("by")} <strong>{judge.judge_model_name}</strong> {t("with the template")}{" "}
            <strong>{judge.template_name}</strong>
            {decided === 1
              ? t(", on 1 decided human judgment whose two outputs it scored.")
              : t(", on {{n}} decided human judgments whose two outputs it scored.", { n: formatNumber(decided) })}
          </>
        ) : (
          <>
            {t(": no judge has scored this campaign's set, and the comparison needs")} S<sub>q</sub>
            {t(". Run a job on the")} <Link to="/judging">{t("Judging page")}</Link>
            {t(".")}
          </>
        )}
      </p>
      {data.proposals && <KeptProposals proposals={data.proposals} />}
      {judge && <WeightCurve data={data} />}
    </section>
  );
}

function KeptProposals({ proposals }: { proposals: NonNullable<AutoVsHuman["proposals"]> }) {
  const ranges = Object.entries(proposals.by_range).sort(([a], [b]) => compareBuckets(a, b));
  const { overall } = proposals;
  return (
    <>
      <h3>{t("Proposed pairs kept by the annotators")}</h3>
      <p data-testid="kept-overall">
        {t("The annotators chose the proposed chosen sample in {{rate}} of decided judgments ({{agree}} of {{n}}).", {
          rate: percent(overall.rate),
          agree: formatNumber(overall.agree),
          n: formatNumber(overall.n),
        })}
      </p>
      {ranges.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact analytics-table">
            <caption className="visually-hidden">{t("Proposed chosen sample kept, per length range")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Length range")}</th>
                <th scope="col" className="num">
                  {t("Decided")}
                </th>
                <th scope="col" className="num">
                  {t("Kept")}
                </th>
                <th scope="col" className="num">
                  {t("Share kept")}
                </th>
              </tr>
            </thead>
            <tbody>
              {ranges.map(([range, r]) => (
                <tr key={range}>
                  <th scope="row">{range === "none" ? t("no required length") : range}</th>
                  <td className="num">{formatNumber(r.n)}</td>
                  <td className="num">{formatNumber(r.agree)}</td>
                  <td className="num">{percent(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function WeightCurve({ data }: { data: AutoVsHuman }) {
  const best = data.weights.find((p) => p.weight === data.best_weight);
  if (!best || data.decided === 0) {
    return <p className="muted">{t("No decided judgment with S_q on both sides yet: the agreement curve needs some.")}</p>;
  }
  const plateau = data.weights.filter((p) => p.agreement === best.agreement).map((p) => p.weight);
  const contiguous =
    plateau.length ===
    1 + data.weights.findLastIndex((p) => p.agreement === best.agreement) - data.weights.findIndex((p) => p.agreement === best.agreement);
  const others = contiguous
    ? t("any w from {{from}} to {{to}}", { from: String(plateau[0]), to: String(plateau.at(-1)) })
    : `w = ${plateau.join(", ")}`;
  const even = data.weights.find((p) => p.weight === 0.5);
  return (
    <>
      <h3>{t("Agreement against the length weight")}</h3>
      <p className="analytics-suggestion" data-testid="weight-suggestion">
        {t("A pair run with")} <strong data-testid="best-weight">w = {best.weight}</strong> {t("would agree with the annotators on")}{" "}
        <strong>{percent(best.agreement)}</strong> {t("of decided judgments")}
        {plateau.length > 1 && <> {t("(as would {{others}}; the one nearest 0.5 is suggested)", { others })}</>}.
        {even && best.weight !== 0.5 && <> {t("LongWriter's S (w = 0.5) agrees on {{share}}.", { share: percent(even.agreement) })}</>}
      </p>
      <div className="chart-box analytics-weight-box">
        <AnalyticsWeightChart points={data.weights} best={best.weight} />
      </div>
      <p className="hint">
        {t("For each w from 0 to 1, the share of decided judgments (ties and “both bad” left out) whose winner has the higher")} S = w·S
        <sub>l</sub> + (1 − w)·S<sub>q</sub>
        {t(
          ", equal scores counting half. Measured on {{n}} judgments: a few points either way is within noise. Pair runs are started on the",
          {
            n: formatNumber(data.decided),
          },
        )}{" "}
        <Link to="/pairs">{t("Pairs page")}</Link>
        {t(".")}
      </p>
    </>
  );
}
