import { Navigate, Route, Routes } from "react-router";
import { AppProviders } from "./common/app-providers";
import { canManageInstructions, useUser } from "./common/auth";
import { Layout } from "./common/components/layout";
import { RequireAuth, RequireRole } from "./common/components/require-auth";
import { AccountPage } from "./features/accounts/account-page";
import { AnalyticsPage } from "./features/analytics/analytics-page";
import { ApiReferencePage } from "./features/api-reference/api-reference-page";
import { AnnotateHistoryPage } from "./features/annotate/annotate-history-page";
import { AnnotatePage } from "./features/annotate/annotate-page";
import { AnnotateRevisePage } from "./features/annotate/annotate-revise-page";
import { AnnotatorHomePage } from "./features/annotate/annotator-home-page";
import { CampaignPage } from "./features/campaigns/campaign-page";
import { CampaignsPage } from "./features/campaigns/campaigns-page";
import { ExportsPage } from "./features/exports/exports-page";
import { InstructionPage } from "./features/instructions/instruction-page";
import { InstructionReviewPage } from "./features/pairs/instruction-review-page";
import { InstructionsPage } from "./features/instructions/instructions-page";
import { JudgeJobPage } from "./features/judging/judge-job-page";
import { JudgingPage } from "./features/judging/judging-page";
import { JudgesPage } from "./features/judges/judges-page";
import { PairJudgeJobPage } from "./features/judges/pair-judge-job-page";
import { LoginPage } from "./features/accounts/login-page";
import { ModelsPage } from "./features/models/models-page";
import { NotFoundPage } from "./common/components/not-found-page";
import { PairRunPage } from "./features/pairs/pair-run-page";
import { PairsPage } from "./features/pairs/pairs-page";
import { ReportsPage } from "./features/reports/reports-page";
import { SamplePage } from "./features/sampling/sample-page";
import { SamplingPage } from "./features/sampling/sampling-page";
import { SamplingJobPage } from "./features/sampling/sampling-job-page";
import { SetPage } from "./features/instructions/set-page";
import { SetsPage } from "./features/instructions/sets-page";
import { TokensPage } from "./features/accounts/tokens-page";
import { UsersPage } from "./features/accounts/users-page";

const researchers = ["admin", "researcher"] as const;
const admins = ["admin"] as const;

export function App() {
  return (
    <AppProviders>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <Layout />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          {/* Every role: the API answers only for campaigns the user is in. */}
          <Route path="annotate" element={<AnnotatorHomePage />} />
          <Route path="annotate/:campaignId" element={<AnnotatePage />} />
          <Route path="annotate/:campaignId/history" element={<AnnotateHistoryPage />} />
          <Route path="annotate/:campaignId/history/:judgmentId" element={<AnnotateRevisePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route element={<RequireRole roles={researchers} />}>
            <Route path="sets" element={<SetsPage />} />
            <Route path="sets/:id" element={<SetPage />} />
            <Route path="instructions" element={<InstructionsPage />} />
            <Route path="instructions/:id" element={<InstructionPage />} />
            <Route path="instructions/:id/review" element={<InstructionReviewPage />} />
            <Route path="models" element={<ModelsPage />} />
            <Route path="sampling" element={<SamplingPage />} />
            <Route path="sampling/jobs/:id" element={<SamplingJobPage />} />
            <Route path="judging" element={<JudgingPage />} />
            <Route path="judging/jobs/:id" element={<JudgeJobPage />} />
            <Route path="judges" element={<JudgesPage />} />
            <Route path="judges/jobs/:id" element={<PairJudgeJobPage />} />
            <Route path="pairs" element={<PairsPage />} />
            <Route path="pairs/runs/:id" element={<PairRunPage />} />
            <Route path="campaigns" element={<CampaignsPage />} />
            <Route path="campaigns/:id" element={<CampaignPage />} />
            <Route path="analytics" element={<AnalyticsPage />} />
            <Route path="exports" element={<ExportsPage />} />
            <Route path="samples/:id" element={<SamplePage />} />
            <Route path="reports" element={<ReportsPage />} />
            <Route path="tokens" element={<TokensPage />} />
            <Route path="api-reference" element={<ApiReferencePage />} />
          </Route>
          <Route element={<RequireRole roles={admins} />}>
            <Route path="users" element={<UsersPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AppProviders>
  );
}

/** Researchers start from their instruction sets; annotators from the campaigns they are in. */
function HomePage() {
  const user = useUser();
  return canManageInstructions(user.role) ? <Navigate to="/sets" replace /> : <AnnotatorHomePage />;
}
