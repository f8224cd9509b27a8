import { PairJudgePreviewSchema } from "../../../../shared/schemas/pair-judging";
import { formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";
import "../../common/components/forms.css";

/** What starting the pairwise job will ask, counted by the server as the choices change. */
export function PairJudgePreview({ body }: { body: object | null }) {
  const { data, error } = usePreview("/api/pair-judge-jobs/preview", body, PairJudgePreviewSchema);
  if (error) return <span className="will-create-problem">{error.message}</span>;
  if (!data) return null;
  return (
    <span className="will-create" data-testid="pair-judge-preview">
      {t("Will judge {{pairs}} pair(s) in both orders: {{answers}} answers, {{cached}} cached, {{requests}} requests to the judge.", {
        pairs: formatNumber(data.pairs),
        answers: formatNumber(data.answers),
        cached: formatNumber(data.cached),
        requests: formatNumber(data.requests),
      })}
    </span>
  );
}
