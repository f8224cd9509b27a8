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
import { FirstItemsNote } from "../../common/components/first-items-note";
import { Pagination } from "../../common/components/pagination";
import { useChoices, usePagedList } from "../../common/hooks/use-paged-list";

export function CampaignsPage() {
  const user = useUser();
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const models = useChoices("/api/models", ModelsResponseSchema);
  const runs = useChoices("/api/pair-runs", PairRunsResponseSchema);
  // Only admins may list users; for researchers the form offers "all" alone.
  const users = useChoices(user.role === "admin" ? "/api/users" : null, UsersResponseSchema);
  const campaigns = usePagedList("/api/campaigns", CampaignsResponseSchema);
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
      {sets.data && sets.data.total === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets, so nothing to compare.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions")}</Link> {t("and their outputs first.")}
          </p>
        </div>
      )}
      {sets.data && models.data && runs.data && usersReady && sets.data.items.length > 0 && (
        <>
          <CampaignForm
            sets={sets.data.items}
            models={models.data.items}
            runs={runs.data.items}
            users={users.data?.items}
            onCreated={onCreated}
          />
          <FirstItemsNote list={sets.data} what={t("instruction sets")} />
          <FirstItemsNote list={models.data} what={t("models")} />
          <FirstItemsNote list={runs.data} what={t("pair runs")} />
          <FirstItemsNote list={users.data} what={t("users")} />
        </>
      )}
      {created && (
        <p className="notice" role="status">
          {t("Created", { context: "notice" })} <Link to={`/campaigns/${created.id}`}>{created.name}</Link>
          {t(" with {{comparisons}}.", { comparisons: countOf(created.comparisons, "comparison") })}
        </p>
      )}

      <h2>{t("All campaigns")}</h2>
      <ErrorAlert error={campaigns.error} />
      {campaigns.data && campaigns.data.total === 0 && <p className="muted">{t("No campaigns yet.")}</p>}
      {campaigns.data && campaigns.data.total > 0 && campaigns.data.items.length === 0 && (
        <p className="muted">{t("This page is empty.")}</p>
      )}
      {campaigns.data && campaigns.data.items.length > 0 && <CampaignsTable campaigns={campaigns.data.items} />}
      {campaigns.data && campaigns.data.total > 0 && <Pagination {...campaigns.pager} total={campaigns.data.total} />}
      {campaigns.loading && !campaigns.data && <p className="muted">{t("Loading…")}</p>}
    </section>
  );
}
