import { t } from "../../common/i18n";
import type { ApiRequestError } from "../../common/api";
import { formatPercent } from "../../common/campaign-format";
import { countOf } from "../../common/format";
import type { CampaignAnnotatorReliability } from "../../../../shared/schemas/annotator-reliability";
import { flagReason } from "./campaign-reliability";

interface Props {
  reliability: { data: CampaignAnnotatorReliability | undefined; error: ApiRequestError | undefined };
}

/** The annotators whose Dawid–Skene reliability is low, each with why, and what the figure means. */
export function CampaignReliabilityNote({ reliability: { data, error } }: Props) {
  if (!data) {
    return error ? (
      <p className="hint" data-testid="reliability-missing">
        {t("Reliability: — ({{message}})", { message: error.message })}
      </p>
    ) : null;
  }
  const flagged = Object.entries(data.annotators).filter(([, a]) => a.flagged);
  return (
    <>
      {flagged.length > 0 && (
        <div className="warning campaign-reliability-flags" role="status" aria-label={t("Annotators with low reliability")}>
          <p>
            {flagged.length === 1
              ? t("One annotator's verdicts look unreliable; read a few of their judgments below before relying on them:")
              : t("{{n}} annotators' verdicts look unreliable; read a few of their judgments below before relying on them:", {
                  n: flagged.length,
                })}
          </p>
          <ul>
            {flagged.map(([name, a]) => (
              <li key={name} data-annotator={name}>
                {flagReason(name, a, data.threshold)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="hint">
        {t(
          "Reliability is the probability that an annotator's verdict is the true one, estimated by the Dawid–Skene model from how the annotators agree across this campaign's {{comparisons}} ({{judgments}}), without an answer key. An annotator below {{threshold}}, with enough judgments to tell, is flagged; the Analytics page counts their verdicts for less in its reliability-weighted win rate.",
          {
            comparisons: countOf(data.comparisons, "comparison"),
            judgments: countOf(data.judgments, "judgment"),
            threshold: formatPercent(data.threshold, 1),
          },
        )}
      </p>
    </>
  );
}
