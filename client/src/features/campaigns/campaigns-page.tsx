import { t } from "../../common/i18n";
import { useState } from "react";
import { Link } from "react-router";
import { CampaignsResponseSchema, type Campaign } from "../../../../shared/schemas/campaigns";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { PairRunsResponseSchema } from "../../../../shared/schemas/pairs";
import { UsersResponseSchema } from "../../../../shared/schemas/user";
import { useUser } from "../../common/auth";
import { CampaignForm } from "./campaign-form";
import { CampaignsTable } from "./campaigns-table";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";

export function CampaignsPage() {
  const user = useUser();
  const sets = useApiData("/api/instruction-sets", InstructionSetsResponseSchema);
  const models = useApiData("/api/models", ModelsResponseSchema);
  const runs = useApiData("/api/pair-runs", PairRunsResponseSchema);
  // Only admins may list users; for researchers the form offers "all" alone.
  const users = useApiData(user.role === "admin" ? "/api/users" : null, UsersResponseSchema);
  const campaigns = useApiData("/api/campaigns", CampaignsResponseSchema);
  const [created, setCreated] = useState<Campaign | undefined>();

  function onCreated(campaign: Campaign) {
    setCreated(campaign);
    campaigns.reload();
  }

  const usersReady = user.role !== "admin" || users.data !== undefined;
  return (
    <section>
      <PageTitle title={t("Campaigns")} />
      <div className="page-header">
        <h1>{t("Campaigns")}</h1>
        <Link to="/pairs" className="muted">
          {t("Pairs")}
        </Link>
      </div>
      <p className="lead">
        {t(
          "People compare two answers to the same instruction, each comparison judged by k different annotators: a model's win rate against a reference, a check of proposed DPO pairs, or any two models side by side.",
        )}
      </p>
      <ErrorAlert error={sets.error ?? models.error ?? runs.error ?? users.error} />
      {sets.data && sets.data.sets.length === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets, so nothing to compare.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions")}</Link> {t("and their outputs first.")}
          </p>
        </div>
      )}
      {sets.data && models.data && runs.data && usersReady && sets.data.sets.length > 0 && (
        <CampaignForm
          sets={sets.data.sets}
          models={models.data.models}
          runs={runs.data.runs}
          users={users.data?.users}
          onCreated={onCreated}
        />
      )}
      {created && (
        <p className="notice" role="status">
          {t("Created", { context: "notice" })} <Link to={`/campaigns/${created.id}`}>{created.name}</Link>
          {t(" with {{comparisons}}.", { comparisons: countOf(created.comparisons, "comparison") })}
        </p>
      )}

      <h2>{t("All campaigns")}</h2>
      <ErrorAlert error={campaigns.error} />
      {campaigns.data && campaigns.data.campaigns.length === 0 && <p className="muted">{t("No campaigns yet.")}</p>}
      {campaigns.data && campaigns.data.campaigns.length > 0 && <CampaignsTable campaigns={campaigns.data.campaigns} />}
      {campaigns.loading && !campaigns.data && <p className="muted">{t("Loading…")}</p>}
    </section>
  );
}
