import { t } from "../../common/i18n";
import { useId } from "react";
import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatNumber } from "../../common/format";
import { formatMinSec, formatPercent, positionBiasSuspected } from "../../common/campaign-format";
import type { ApiRequestError } from "../../common/api";
import type { CampaignAnnotatorReliability } from "../../../../shared/schemas/annotator-reliability";
import { CampaignReliabilityNote } from "./campaign-reliability-note";
import { GoldAccuracyCell, StandingCell } from "./annotator-gold-cells";

const dash = <span className="muted">—</span>;

interface Props {
  annotators: CampaignDashboard["annotators"];
  /** GET /api/campaigns/:id/annotator-reliability, still loading, or failed. */
  reliability: { data: CampaignAnnotatorReliability | undefined; error: ApiRequestError | undefined };
  /** Gold pairs (decision 039): the campaign's figures, and where a standing change is sent. */
  gold: CampaignDashboard["gold"];
  campaignId: number;
  onChanged: () => void;
}

/**
 * Each annotator's pace and habits: a fast pace with low coverage, a lopsided left rate, or a low Dawid–Skene
 * reliability deserve a look.
 */
export function CampaignAnnotatorsTable({ annotators, reliability, gold, campaignId, onChanged }: Props) {
  const fitted = reliability.data?.annotators ?? {};
  const id = useId();
  const flagged = annotators.some(positionBiasSuspected);
  return (
    <section aria-labelledby={`${id}-heading`} className="campaign-annotators">
      <h2 id={`${id}-heading`}>{t("Annotators")}</h2>
      {annotators.length === 0 ? (
        <p className="muted">{t("Nobody has judged or skipped an item yet.")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table campaign-annotators-table" aria-labelledby={`${id}-heading`}>
            <thead>
              <tr>
                <th scope="col">{t("Annotator")}</th>
                <th scope="col" className="num">
                  {t("Judgments")}
                </th>
                <th scope="col" className="num">
                  {t("Skipped")}
                </th>
                <th scope="col" className="num" title={t("Median time from showing an item to its verdict (m:ss)")}>
                  {t("Median time")}
                </th>
                <th scope="col" className="num" title={t("Median over judgments of the less-read side's share scrolled into view")}>
                  {t("Median coverage")}
                </th>
                <th scope="col" className="num">
                  {t("Tie rate")}
                </th>
                <th scope="col" className="num" title={t("Share of this annotator's wins given to the left side")}>
                  {t("Left rate")}
                </th>
                <th
                  scope="col"
                  className="num"
                  title={t("Dawid–Skene: estimated probability that this annotator's verdict is the true one")}
                >
                  {t("Reliability")}
                </th>
                <th
                  scope="col"
                  className="num"
                  title={t("Share of gold pairs answered right (a tie or both bad is wrong), with its Wilson 95% interval")}
                >
                  {t("Gold accuracy")}
                </th>
                <th scope="col">{t("Standing")}</th>
              </tr>
            </thead>
            <tbody>
              {annotators.map((a) => {
                const bias = positionBiasSuspected(a);
                const fit = fitted[a.username];
                return (
                  <tr key={a.username} data-annotator={a.username}>
                    <th scope="row">{a.username}</th>
                    <td className="num" data-testid="annotator-judgments">
                      {formatNumber(a.judgments)}
                    </td>
                    <td className="num">{formatNumber(a.skipped)}</td>
                    <td className="num">{a.median_time_ms === null ? dash : formatMinSec(a.median_time_ms)}</td>
                    <td className="num">{a.median_coverage === null ? dash : formatPercent(a.median_coverage)}</td>
                    <td className="num">{a.tie_rate === null ? dash : formatPercent(a.tie_rate)}</td>
                    <td className="num nowrap" data-testid="annotator-left-rate">
                      {a.left_rate === null ? dash : formatPercent(a.left_rate)}
                      {bias && (
                        <span className="tag tag-warn campaign-bias-tag" title={t("Far from 50%: possible position bias (see below)")}>
                          {t("position bias?")}
                        </span>
                      )}
                    </td>
                    <td className="num nowrap" data-testid="annotator-reliability">
                      {fit?.reliability == null ? dash : formatPercent(fit.reliability, 1)}
                      {fit?.flagged && (
                        <span className="tag tag-warn campaign-bias-tag" title={t("Below the reliability threshold (see below)")}>
                          {t("low reliability")}
                        </span>
                      )}
                    </td>
                    <GoldAccuracyCell annotator={a} />
                    <StandingCell campaignId={campaignId} annotator={a} onChanged={onChanged} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className={flagged ? "warning campaign-bias-note" : "hint"}>
        {t(
          "Each item shows its two answers in random order, so someone judging the texts gives about half of their wins to the left side. A left rate more than two standard errors from 50% (with 8 or more wins) is flagged as possible position bias: read a few of that annotator's judgments below.",
        )}
      </p>
      <CampaignReliabilityNote reliability={reliability} />
      {gold.comparisons > 0 && (
        <p className="hint" data-testid="gold-note">
          {t(
            "Gold pairs: {{comparisons}} with a known answer, mixed in at {{rate}}; {{judgments}} judgments of them, left out of every statistic and export. An annotator is flagged automatically after {{min}} or more gold answers when the upper bound of their 95% interval falls below {{below}}; an excluded annotator's judgments leave the statistics and exports until cleared.",
            {
              comparisons: gold.comparisons,
              rate: formatPercent(gold.rate),
              judgments: gold.judgments,
              min: gold.min_judgments,
              below: formatPercent(gold.flag_below),
            },
          )}
        </p>
      )}
    </section>
  );
}
