import { t } from "../../common/i18n";
import { Fragment } from "react";
import { formatNumber } from "../../common/format";
import { bandText, type Figure, type RobustRow } from "./analytics-robust-rows";
import { coefficient, Missing, percent, percentInterval } from "./analytics-values";
import { AnalyticsTableBox } from "./analytics-table-box";

interface Props {
  rows: RobustRow[];
  reference: string;
  /** The reference's rank, when the server ranks: the others' ranks count it. */
  referenceRank: RobustRow["rank"];
}

/** Raw, length-controlled and weighted win rates against the reference side by side, with the rank band. */
const unranked = () => t("Not ranked: no finite Bradley–Terry rating or interval");

export function AnalyticsRobustTable({ rows, reference, referenceRank }: Props) {
  const referenceAt = referenceRank ? rows.filter((r) => (r.rank?.rank ?? Infinity) <= referenceRank.rank).length : -1;
  return (
    <AnalyticsTableBox label={t("Win rates table, scrolls sideways")}>
      <table className="table table-compact analytics-table analytics-robust-table">
        <caption className="visually-hidden">
          {t("Each model against {{reference}}: raw, length-controlled and weighted, with ranks", { reference })}
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("Model")}
            </th>
            <th scope="col" rowSpan={2} className="num" title={t("Judgments of the model against the reference")}>
              {t("Judgments")}
            </th>
            <th scope="colgroup" colSpan={2} className="group-head group-start">
              {t("Raw")}
            </th>
            <th scope="colgroup" colSpan={3} className="group-head group-start">
              {t("Length-controlled")}
            </th>
            <th scope="colgroup" colSpan={2} className="group-head group-start">
              {t("Weighted by reliability")}
            </th>
            <th scope="colgroup" colSpan={2} className="group-head group-start">
              {t("Bradley–Terry rank")}
            </th>
          </tr>
          <tr>
            <RateHeads />
            <RateHeads />
            <th scope="col" className="num" title={t("Length coefficient: how much the length difference sways the verdict")}>
              φ
            </th>
            <RateHeads />
            <th scope="col" className="num group-start">
              {t("Rank")}
            </th>
            <th scope="col" className="num" title={t("Best to worst rank the intervals allow")}>
              {t("Band")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <Fragment key={r.model}>
              {i === referenceAt && referenceRank && <ReferenceRow reference={reference} rank={referenceRank} />}
              <tr data-model={r.model}>
                <th scope="row">{r.model}</th>
                <td className="num">{formatNumber(r.judgments)}</td>
                <td className="num group-start analytics-rate" data-figure="raw">
                  {percent(r.raw.value)}
                </td>
                <td className="num" data-figure="raw-ci">
                  <Interval figure={r.raw} />
                </td>
                <td className="num group-start analytics-rate" data-figure="lc">
                  {r.lc.value === null ? <Missing why={r.lc.missing ?? ""} /> : percent(r.lc.value)}
                  {r.lc.warning !== null && (
                    <span className="tag tag-warn analytics-lc-warning" title={r.lc.warning}>
                      {t("warning")}
                    </span>
                  )}
                </td>
                <td className="num" data-figure="lc-ci">
                  <Interval figure={r.lc} />
                </td>
                <td className="num" data-figure="lc-phi">
                  {r.lc.value === null ? <Missing why={r.lc.missing ?? ""} /> : coefficient(r.lc.phi)}
                </td>
                <td className="num group-start analytics-rate" data-figure="weighted">
                  {r.weighted.value === null ? <Missing why={r.weighted.missing ?? ""} /> : percent(r.weighted.value)}
                </td>
                <td className="num" data-figure="weighted-ci">
                  <Interval figure={r.weighted} />
                </td>
                <td className="num group-start" data-figure="rank">
                  {r.rank ? r.rank.rank : <Missing why={unranked()} />}
                </td>
                <td className="num" data-figure="band">
                  {r.rank ? bandText(r.rank.band) : <Missing why={unranked()} />}
                </td>
              </tr>
            </Fragment>
          ))}
          {referenceAt === rows.length && referenceRank && <ReferenceRow reference={reference} rank={referenceRank} />}
        </tbody>
      </table>
    </AnalyticsTableBox>
  );
}

function ReferenceRow({ reference, rank }: { reference: string; rank: NonNullable<RobustRow["rank"]> }) {
  return (
    <tr data-model={reference}>
      <th scope="row">
        {reference}
        <span className="badge">{t("reference")}</span>
      </th>
      <td colSpan={8} className="muted">
        {t("every win rate here is against it")}
      </td>
      <td className="num group-start" data-figure="rank">
        {rank.rank}
      </td>
      <td className="num" data-figure="band">
        {bandText(rank.band)}
      </td>
    </tr>
  );
}

function Interval({ figure }: { figure: Figure }) {
  if (figure.ci) return <>{percentInterval(figure.ci)}</>;
  if (figure.missing) return <Missing why={figure.missing} />;
  return <Missing why={t("No interval: no bootstrap rounds, or too few instructions to resample")} />;
}

/** A win rate's two columns under its group heading: the rate and its interval. */
function RateHeads() {
  return (
    <>
      <th scope="col" className="num group-start">
        {t("Win rate")}
      </th>
      <th scope="col" className="num">
        {t("95% CI")}
      </th>
    </>
  );
}
