import { t } from "../../common/i18n";
import { Link, useParams } from "react-router";
import { CampaignAnnotatorReliabilitySchema } from "../../../../shared/schemas/annotator-reliability";
import { CampaignDashboardSchema } from "../../../../shared/schemas/campaigns";
import { CampaignAnnotatorsTable } from "./campaign-annotators-table";
import { CampaignGuidelines } from "./campaign-guidelines";
import { CampaignJudgmentsTable } from "./campaign-judgments-table";
import { CampaignProgress } from "./campaign-progress";
import { CampaignStatusBadge } from "./campaign-status";
import { CampaignStatusToggle } from "./campaign-status-toggle";
import { CampaignReweightedNote } from "./campaign-reweighted-note";
import { CampaignSummary } from "./campaign-summary";
import { CampaignTally } from "./campaign-tally";
import { CampaignTitle } from "./campaign-title";
import { ErrorAlert } from "../../common/components/error-alert";
import { PagePending } from "../../common/components/page-pending";
import { PageTitle } from "../../common/components/page-title";
import { useApiData } from "../../common/hooks/use-api-data";
import { useReloadOn } from "../../common/hooks/use-list-params";
import { usePolling } from "../../common/hooks/use-polling";

const pollMs = 3000;

/** A campaign as it runs: progress, annotators, the tally so far, settings and every judgment. */
export function CampaignPage() {
  const { id = "" } = useParams();
  const { data, error, loading, reload } = useApiData(`/api/campaigns/${encodeURIComponent(id)}/dashboard`, CampaignDashboardSchema);
  // Judgments arrive only while the campaign is open (a closed one changes only from this page).
  usePolling(reload, data?.campaign.status === "open", loading, pollMs);
  // Reliability is refitted over all the campaign's judgments, so it follows the polled judgment count.
  const reliability = useApiData(`/api/campaigns/${encodeURIComponent(id)}/annotator-reliability`, CampaignAnnotatorReliabilitySchema);
  useReloadOn(data?.campaign.judgments ?? 0, reliability.reload);

  if (!data) {
    return <PagePending title={t("Campaign")} error={error} back="/campaigns" backLabel={t("Back to campaigns")} />;
  }

  const { campaign } = data;
  return (
    <section>
      <PageTitle title={campaign.name} />
      <p className="breadcrumb">
        <Link to="/campaigns">{t("Campaigns")}</Link> /
      </p>
      <div className="page-header">
        <h1>
          {campaign.name} <CampaignStatusBadge status={campaign.status} />
        </h1>
        <CampaignStatusToggle campaign={campaign} onChanged={reload} />
      </div>
      <CampaignTitle campaign={campaign} onChanged={reload} />
      <CampaignSummary dashboard={data} />
      <CampaignReweightedNote campaign={campaign} />
      <ErrorAlert error={error} title={t("Could not refresh the dashboard:")} />
      <CampaignProgress dashboard={data} />
      <CampaignTally tally={data.tally} />
      <CampaignAnnotatorsTable
        annotators={data.annotators}
        reliability={reliability}
        gold={data.gold}
        campaignId={campaign.id}
        onChanged={reload}
      />
      <CampaignGuidelines campaign={campaign} onChanged={reload} />
      <CampaignJudgmentsTable campaignId={campaign.id} version={campaign.judgments} />
    </section>
  );
}
