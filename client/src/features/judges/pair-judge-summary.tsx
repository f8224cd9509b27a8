import { useId } from "react";
import { PairJudgeSummarySchema } from "../../../../shared/schemas/pair-judging";
import { ErrorAlert } from "../../common/components/error-alert";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useReloadOn } from "../../common/hooks/use-list-params";
import { t } from "../../common/i18n";
import { coefficient, percent } from "./judges-format";

/** A finished job's figures: how many pairs it judged, its position and length bias, and how it sits with the humans. */
export function PairJudgeSummary({ jobId, version }: { jobId: number; version: string }) {
  const id = useId();
  const { data, error, reload } = useApiData(`/api/pair-judge-jobs/${jobId}/summary`, PairJudgeSummarySchema);
  // A retried job finishes again: its figures follow.
  useReloadOn(version, reload);
  return (
    <section aria-labelledby={`${id}-heading`} className="panel judges-summary">
      <h2 id={`${id}-heading`}>{t("Figures")}</h2>
      <ErrorAlert error={error} />
      {data && (
        <dl className="judges-figures" data-testid="pair-judge-summary">
          <div>
            <dt>{t("Pairs judged")}</dt>
            <dd>
              {formatNumber(data.judged)} / {formatNumber(data.comparisons)}
            </dd>
          </div>
          <div>
            <dt>{t("Pairs failed")}</dt>
            <dd>{formatNumber(data.failed)}</dd>
          </div>
          <div title={t("Share of judged pairs whose two orders point different ways")}>
            <dt>{t("Flip rate on swap")}</dt>
            <dd>{percent(data.flip_rate)}</dd>
          </div>
          <div title={t("Share of decisive answers that chose the response shown first")}>
            <dt>{t("Left-position rate")}</dt>
            <dd>{percent(data.left_rate)}</dd>
          </div>
          <div title={t("Share of decisive verdicts, on pairs of different lengths, that chose the longer response")}>
            <dt>{t("Picks the longer answer")}</dt>
            <dd>{percent(data.longer_rate)}</dd>
          </div>
          {data.human_agreement && (
            <div>
              <dt>{t("Agreement with the human majority")}</dt>
              <dd>
                {percent(data.human_agreement.agreement)} · κ {coefficient(data.human_agreement.kappa)}{" "}
                <span className="muted">{t("on {{count}} comparisons", { count: formatNumber(data.human_agreement.comparisons) })}</span>
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
