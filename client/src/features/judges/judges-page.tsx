import { Link, useSearchParams } from "react-router";
import { CampaignsResponseSchema } from "../../../../shared/schemas/campaigns";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { JudgeTemplatesResponseSchema } from "../../../../shared/schemas/judging";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { JudgeIdentitiesResponseSchema, type JudgeIdentity } from "../../../../shared/schemas/pair-judging";
import { PairRunsResponseSchema } from "../../../../shared/schemas/pairs";
import { ErrorAlert } from "../../common/components/error-alert";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { PageTitle } from "../../common/components/page-title";
import { Pagination } from "../../common/components/pagination";
import { useChoices, usePagedList } from "../../common/hooks/use-paged-list";
import { t } from "../../common/i18n";
import { JobsSection } from "../../common/jobs/jobs-section";
import { JudgeCalibration } from "./judge-calibration";
import { JudgeConfirm } from "./judge-confirm";
import { JudgesTable } from "./judges-table";
import { PairJudgeJobForm } from "./pair-judge-job-form";
import { pairJudgeJobKind } from "./pair-judge-job-kind";
import "./judges.css";

/**
 * The pairwise LLM judges beside the humans: who has judged, how each one holds up against the annotators
 * (calibration), new pairwise judge jobs, and confirming a pair run's proposals where the judge is trusted.
 */
export function JudgesPage() {
  const [params, setParams] = useSearchParams();
  const judges = usePagedList("/api/judges", JudgeIdentitiesResponseSchema);
  const allJudges = useChoices("/api/judges", JudgeIdentitiesResponseSchema);
  const models = useChoices("/api/models", ModelsResponseSchema);
  const templates = useChoices("/api/judge-templates", JudgeTemplatesResponseSchema);
  const campaigns = useChoices("/api/campaigns", CampaignsResponseSchema);
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const runs = useChoices("/api/pair-runs", PairRunsResponseSchema);

  // The calibration shown lives in the URL, so it survives a reload and the back button.
  const shownModel = Number(params.get("judge") ?? "");
  const shownTemplate = Number(params.get("template") ?? "");
  const shown = allJudges.data?.items.find((j) => j.judge_model_id === shownModel && j.template_id === shownTemplate);
  function onShow(judge: JudgeIdentity) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (shown?.identity === judge.identity) {
          next.delete("judge");
          next.delete("template");
        } else {
          next.set("judge", String(judge.judge_model_id));
          next.set("template", String(judge.template_id));
        }
        return next;
      },
      { replace: true },
    );
  }

  // Any model with an endpoint can judge; demo and imported models have none.
  const judgeModels = models.data?.items.filter((m) => m.base_urls.length > 0);
  const pairTemplates = templates.data?.items.filter((tpl) => tpl.kind === "pairwise");
  return (
    <section className="judges-page">
      <PageTitle title={t("Judges")} />
      <div className="page-header">
        <h1>{t("Judges")}</h1>
        <Link to="/judging" className="muted">
          {t("Judging")}
        </Link>
      </div>
      <p className="lead">
        {t(
          "A pairwise LLM judge compares two answers in both orders and gives a graded verdict; its combined verdicts count as the judgments of an annotator of their own. Here each judge is held against your annotators on the comparisons both judged, and can confirm the pairs it is trusted on.",
        )}
      </p>

      <h2>{t("Judge identities")}</h2>
      <ErrorAlert error={judges.error} />
      {judges.data && judges.data.total === 0 && <p className="muted">{t("No judge has judged any pairs yet.")}</p>}
      {judges.data && judges.data.items.length > 0 && <JudgesTable judges={judges.data.items} shown={shown?.identity} onShow={onShow} />}
      {judges.data && judges.data.total > 0 && <Pagination {...judges.pager} total={judges.data.total} />}
      {judges.loading && !judges.data && <p className="muted">{t("Loading…")}</p>}
      {shown && (
        <JudgeCalibration
          key={shown.identity}
          judgeModelId={shown.judge_model_id}
          templateId={shown.template_id}
          campaigns={shown.campaign_ids.map((cid) => ({ id: cid, name: campaigns.data?.items.find((c) => c.id === cid)?.name }))}
        />
      )}

      <ErrorAlert error={models.error ?? templates.error ?? campaigns.error ?? sets.error ?? runs.error} />
      {judgeModels && judgeModels.length === 0 && (
        <div className="empty-state">
          <p>{t("No model can judge yet: a judge needs an OpenAI-compatible endpoint.")}</p>
          <p className="muted">
            {t("Add one on the")} <Link to="/models">{t("Models page")}</Link>
            {t(".")}
          </p>
        </div>
      )}
      {judgeModels && judgeModels.length > 0 && pairTemplates && campaigns.data && sets.data && runs.data && (
        <>
          <PairJudgeJobForm
            judges={judgeModels}
            templates={pairTemplates}
            campaigns={campaigns.data.items}
            sets={sets.data.items}
            runs={runs.data.items}
          />
          <FirstItemsNote list={campaigns.data} what={t("campaigns")} />
          <FirstItemsNote list={runs.data} what={t("pair runs")} />
          <FirstItemsNote list={models.data} what={t("models")} />
        </>
      )}

      <JobsSection kind={pairJudgeJobKind} emptyText={t("No pairwise judge jobs yet.")} />

      {runs.data && allJudges.data && (
        <JudgeConfirm runs={runs.data.items} judges={allJudges.data.items} initialRunId={params.get("run") ?? undefined} />
      )}
      <ErrorAlert error={allJudges.error} />
    </section>
  );
}
