import { t } from "../../common/i18n";
import { Link } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { JudgeJobsResponseSchema, JudgeTemplatesResponseSchema } from "../../../../shared/schemas/judging";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { PairRunsResponseSchema } from "../../../../shared/schemas/pairs";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { PairRunForm } from "./pair-run-form";
import { PairRunsTable } from "./pair-runs-table";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { Pagination } from "../../common/components/pagination";
import { useChoices, usePagedList } from "../../common/hooks/use-paged-list";

export function PairsPage() {
  const models = useChoices("/api/models", ModelsResponseSchema);
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const templates = useChoices("/api/judge-templates", JudgeTemplatesResponseSchema);
  const judgeJobs = useChoices("/api/judge-jobs", JudgeJobsResponseSchema);
  const runs = usePagedList("/api/pair-runs", PairRunsResponseSchema);

  return (
    <section>
      <PageTitle title={t("Pairs")} />
      <div className="page-header">
        <h1>{t("Pairs")}</h1>
        <Link to="/judging" className="muted">
          {t("Judging")}
        </Link>
      </div>
      <p className="lead">
        {t("DPO pairs as LongWriter builds them: for each instruction, a model's samples are ranked by")} S = w·S
        <sub>l</sub> + (1 − w)·S<sub>q</sub>
        {t("; the best is")} <em>{t("chosen")}</em>
        {t(", another")} <em>{t("rejected", { context: "side" })}</em>
        {t(". Review the proposals before they become training data.")}
      </p>
      <ErrorAlert error={models.error ?? sets.error ?? templates.error ?? judgeJobs.error} />
      {sets.data && sets.data.total === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets, so no samples to pair.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions")}</Link> {t("first.")}
          </p>
        </div>
      )}
      {models.data && sets.data && templates.data && judgeJobs.data && sets.data.items.length > 0 && (
        <>
          <PairRunForm
            sets={sets.data.items}
            models={models.data.items}
            // S_q comes from single-answer judge scores: a pairwise template has none.
            templates={templates.data.items.filter((tpl) => tpl.kind === "single")}
            judgeJobs={judgeJobs.data.items}
          />
          <FirstItemsNote list={sets.data} what={t("instruction sets")} />
          <FirstItemsNote list={models.data} what={t("models")} />
          <FirstItemsNote list={templates.data} what={t("judge templates")} />
          <FirstItemsNote list={judgeJobs.data} what={t("judge jobs")} />
        </>
      )}

      <h2>{t("Runs")}</h2>
      <ErrorAlert error={runs.error} />
      {runs.data && runs.data.total === 0 && <p className="muted">{t("No pair runs yet.")}</p>}
      {runs.data && runs.data.total > 0 && runs.data.items.length === 0 && <p className="muted">{t("This page is empty.")}</p>}
      {runs.data && runs.data.items.length > 0 && <PairRunsTable runs={runs.data.items} />}
      {runs.data && runs.data.total > 0 && <Pagination {...runs.pager} total={runs.data.total} />}
      {runs.loading && !runs.data && <p className="muted">{t("Loading…")}</p>}
    </section>
  );
}
