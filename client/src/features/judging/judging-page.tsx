import { t } from "../../common/i18n";
import { Link } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { JudgeTemplatesResponseSchema } from "../../../../shared/schemas/judging";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgeJobForm } from "./judge-job-form";
import { judgeJobKind } from "./judge-job-kind";
import { JudgeTemplates } from "./judge-templates";
import { PageTitle } from "../../common/components/page-title";
import { JobsSection } from "../../common/jobs/jobs-section";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { useChoices } from "../../common/hooks/use-paged-list";

export function JudgingPage() {
  const models = useChoices("/api/models", ModelsResponseSchema);
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const templates = useChoices("/api/judge-templates", JudgeTemplatesResponseSchema);

  // Any model with an endpoint can judge; demo and imported models have none.
  const judges = models.data?.items.filter((m) => m.base_urls.length > 0);
  // A single-answer job scores one output at a time: pairwise templates are for the Judges page.
  const singleTemplates = templates.data?.items.filter((tpl) => tpl.kind === "single") ?? [];
  return (
    <section>
      <PageTitle title={t("Judging")} />
      <div className="page-header">
        <h1>{t("Judging")}</h1>
        <Link to="/models" className="muted">
          {t("Models")}
        </Link>
      </div>
      <p className="lead">
        {t(
          "An LLM judge scores each finished sample on six dimensions from 1 to 5; the quality score S_q is their mean on 0–100, as in LongBench-Write. A sample already judged by the same judge with the same template is not asked again.",
        )}
      </p>
      <ErrorAlert error={models.error ?? sets.error ?? templates.error} />
      {judges && judges.length === 0 && (
        <div className="empty-state">
          <p>{t("No model can judge yet: a judge needs an OpenAI-compatible endpoint.")}</p>
          <p className="muted">
            {t("Add one on the")} <Link to="/models">{t("Models page")}</Link>
            {t(".")}
          </p>
        </div>
      )}
      {judges && judges.length > 0 && sets.data && sets.data.total === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets, so no samples to judge.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions")}</Link> {t("first.")}
          </p>
        </div>
      )}
      {judges && judges.length > 0 && sets.data && sets.data.items.length > 0 && templates.data && (
        <>
          <JudgeJobForm sets={sets.data.items} judges={judges} models={models.data?.items ?? []} templates={singleTemplates} />
          <FirstItemsNote list={sets.data} what={t("instruction sets")} />
          <FirstItemsNote list={models.data} what={t("models")} />
          <FirstItemsNote list={templates.data} what={t("judge templates")} />
        </>
      )}

      <JobsSection kind={judgeJobKind} emptyText={t("No judge jobs yet.")} />

      {templates.data && <JudgeTemplates templates={templates.data.items} onChanged={templates.reload} />}
    </section>
  );
}
