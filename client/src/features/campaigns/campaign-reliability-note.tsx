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
        Reliability: — ({error.message})
      </p>
    ) : null;
  }
  const flagged = Object.entries(data.annotators).filter(([, a]) => a.flagged);
  return (
    <>
      {flagged.length > 0 && (
        <div className="warning campaign-reliability-flags" role="status" aria-label="Annotators with low reliability">
          <p>
            {flagged.length === 1 ? "One annotator's" : `${flagged.length} annotators'`} verdicts look unreliable; read a few of their
            judgments below before relying on them:
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
        Reliability is the probability that an annotator&apos;s verdict is the true one, estimated by the Dawid–Skene model from how the
        annotators agree across this campaign&apos;s {countOf(data.comparisons, "comparison")} ({countOf(data.judgments, "judgment")}),
        without an answer key. An annotator below {formatPercent(data.threshold, 1)}, with enough judgments to tell, is flagged; the
        Analytics page counts their verdicts for less in its reliability-weighted win rate.
      </p>
    </>
  );
}
