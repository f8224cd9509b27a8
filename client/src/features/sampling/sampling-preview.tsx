import { SamplingPreviewSchema } from "../../../../shared/schemas/preview";
import { formatNumber } from "../../common/format";
import { usePreview } from "../../common/hooks/use-preview";
import { t } from "../../common/i18n";
import "../../common/components/forms.css";

/** What starting the job will create, counted by the server's creating code as the choices change. */
export function SamplingPreview({ body }: { body: object | null }) {
  const { data, error } = usePreview("/api/sampling-jobs/preview", body, SamplingPreviewSchema);
  if (error) return <span className="will-create-problem">{error.message}</span>;
  if (!data) return null;
  const counts = {
    instructions: formatNumber(data.instructions),
    samples: formatNumber(data.samples),
    requests: formatNumber(data.requests),
  };
  return (
    <span className="will-create" data-testid="will-create">
      {data.requests_estimated
        ? t(
            "Will create {{samples}} sample(s) for {{instructions}} instruction(s): about {{requests}} requests (an estimate: one plan per sample, then one per section, known once each plan is written).",
            counts,
          )
        : t("Will create {{samples}} sample(s) for {{instructions}} instruction(s): {{requests}} requests to the endpoint.", counts)}
    </span>
  );
}
