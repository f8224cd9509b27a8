import { Navigate, Route, Routes } from "react-router";
import { AuthProvider, canManageInstructions, useUser } from "./auth";
import { Layout } from "./components/layout";
import { RequireAuth, RequireRole } from "./components/require-auth";
import { AccountPage } from "./pages/account";
import { AnalyticsPage } from "./pages/analytics";
import { AnnotatePage } from "./pages/annotate";
import { AnnotatorHomePage } from "./pages/annotator-home";
import { CampaignPage } from "./pages/campaign";
import { CampaignsPage } from "./pages/campaigns";
import { ExportsPage } from "./pages/exports";
import { InstructionPage } from "./pages/instruction";
import { InstructionReviewPage } from "./pages/instruction-review";
import { InstructionsPage } from "./pages/instructions";
import { JudgeJobPage } from "./pages/judge-job";
import { JudgingPage } from "./pages/judging";
import { LoginPage } from "./pages/login";
import { ModelsPage } from "./pages/models";
import { NotFoundPage } from "./pages/not-found";
import { PairRunPage } from "./pages/pair-run";
import { PairsPage } from "./pages/pairs";
import { ReportsPage } from "./pages/reports";
import { SamplePage } from "./pages/sample";
import { SamplingPage } from "./pages/sampling";
import { SamplingJobPage } from "./pages/sampling-job";
import { SetPage } from "./pages/set";
import { SetsPage } from "./pages/sets";
import { TokensPage } from "./pages/tokens";
import { UsersPage } from "./pages/users";

const researchers = ["admin", "researcher"] as const;
const admins = ["admin"] as const;

export function App() {
  return (
    <AuthProvider>
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
            <Route path="pairs" element={<PairsPage />} />
            <Route path="pairs/runs/:id" element={<PairRunPage />} />
            <Route path="campaigns" element={<CampaignsPage />} />
            <Route path="campaigns/:id" element={<CampaignPage />} />
            <Route path="analytics" element={<AnalyticsPage />} />
            <Route path="exports" element={<ExportsPage />} />
            <Route path="samples/:id" element={<SamplePage />} />
            <Route path="reports" element={<ReportsPage />} />
            <Route path="tokens" element={<TokensPage />} />
          </Route>
          <Route element={<RequireRole roles={admins} />}>
            <Route path="users" element={<UsersPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}

/** Researchers start from their instruction sets; annotators from (future) campaigns. */
function HomePage() {
  const user = useUser();
  return canManageInstructions(user.role) ? <Navigate to="/sets" replace /> : <AnnotatorHomePage />;
}
