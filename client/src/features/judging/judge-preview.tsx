import { JudgePreviewSchema } from "../../../../shared/schemas/preview";
import { formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";
import "../../common/components/forms.css";

/** What starting the job will ask, counted by the server's queueing code as the choices change. */
export function JudgePreview({ body }: { body: object | null }) {
  const { data, error } = usePreview("/api/judge-jobs/preview", body, JudgePreviewSchema);
  if (error) return <span className="will-create-problem">{error.message}</span>;
  if (!data) return null;
  return (
    <span className="will-create" data-testid="will-create">
      {t(
        "Will judge {{samples}} sample(s) of {{instructions}} instruction(s): {{requests}} requests to the judge, {{cached}} already judged.",
        {
          samples: formatNumber(data.samples),
          instructions: formatNumber(data.instructions),
          requests: formatNumber(data.requests),
          cached: formatNumber(data.cached),
        },
      )}
    </span>
  );
}
