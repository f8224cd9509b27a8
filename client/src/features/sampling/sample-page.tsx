import { t } from "../../common/i18n";
import { Link, useParams } from "react-router";
import { z } from "zod";
import { InstructionResponseSchema } from "../../../../shared/schemas/instruction";
import { SampleSchema, type Sample } from "../../../../shared/schemas/sample";
import { AgentWriteSteps } from "./agentwrite-steps";
import { DemoNotice } from "../../common/components/demo-notice";
import { ErrorAlert } from "../../common/components/error-alert";
import { PagePending } from "../../common/components/page-pending";
import { PageTitle } from "../../common/components/page-title";
import { SampleDetails } from "./sample-details";
import { sampleNumber } from "../../common/components/sample-facts";
import { SampleJudgeScores } from "./sample-judge-scores";
import { StatusBadge } from "../../common/components/status-badge";
import { excerpt } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";

// GET /api/samples/:id answers `{sample}`; shared/schemas/sample.ts names no schema for that envelope.
const SampleResponseSchema = z.object({ sample: SampleSchema });

const noText = (): Record<Sample["status"], string> => ({
  queued: t("No text yet: the sample is waiting its turn."),
  running: t("No text yet: the model is writing."),
  done: t("The model returned no text."),
  failed: t("No text: the sample failed."),
});

export function SamplePage() {
  const { id = "" } = useParams();
  const { data, error } = useApiData(`/api/samples/${encodeURIComponent(id)}`, SampleResponseSchema);
  const instructionId = data?.sample.instruction_id;
  const parent = useApiData(instructionId === undefined ? null : `/api/instructions/${instructionId}`, InstructionResponseSchema);

  if (!data) {
    return <PagePending title={t("Sample")} error={error} back="/instructions" backLabel={t("Back to instructions")} />;
  }

  const { sample } = data;
  const instruction = parent.data?.instruction;
  const set = parent.data?.set;
  const lang = instruction && instruction.lang !== "other" ? instruction.lang : undefined;
  return (
    <article>
      <PageTitle title={`${t("Sample {{n}}", { n: sampleNumber(sample) })} · ${sample.model_name}`} />
      <p className="breadcrumb">
        <Link to={set ? `/instructions?set=${set.id}` : "/instructions"}>{t("Instructions")}</Link> /{" "}
        <Link to={`/instructions/${sample.instruction_id}`}>
          {t("Instruction {{id}}", { id: instruction ? instruction.external_id : sample.instruction_id })}
        </Link>{" "}
        /
      </p>
      <h1>
        {sample.model_name} · {t("sample {{n}}", { n: sampleNumber(sample) })} <StatusBadge status={sample.status} />
      </h1>
      {sample.source === "demo" && <DemoNotice />}
      <ErrorAlert error={parent.error} title={t("Could not load the instruction:")} />
      <div className="instruction-layout">
        <div className="reading-column">
          {instruction && (
            <details className="fold prompt-fold">
              <summary>
                <span className="fold-label">{t("Prompt")}</span> <span className="muted">{excerpt(instruction.prompt, 110)}</span>
              </summary>
              <div className="fold-text" lang={lang}>
                {instruction.prompt}
              </div>
            </details>
          )}
          <section aria-label={t("Output text")}>
            {sample.text ? (
              <div className="sample-text" lang={lang}>
                {sample.text}
              </div>
            ) : (
              <p className="empty-state">{noText()[sample.status]}</p>
            )}
          </section>
          <AgentWriteSteps plan={sample.plan} steps={sample.steps} />
        </div>
        <aside aria-label={t("Details")} className="details-panel">
          <SampleDetails sample={sample} instruction={instruction} />
        </aside>
      </div>
      <SampleJudgeScores sampleId={sample.id} />
    </article>
  );
}
