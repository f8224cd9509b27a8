import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import type { Role } from "../../../../shared/schemas/user";
import { useAuth } from "../auth";
import { PageTitle } from "./page-title";
import { roleName } from "../format";
import { t } from "../i18n";

/** Renders children for a signed-in user; otherwise sends them to /login, remembering where they were. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, signedOutOnPurpose } = useAuth();
  const location = useLocation();
  if (user === undefined) return <p className="app-loading">{t("Loading…")}</p>;
  if (user === null) {
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={signedOutOnPurpose ? null : { from }} />;
  }
  return children;
}

/** Nested routes only for the given roles; others see a short explanation instead of a broken page. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const { user } = useAuth();
  if (!user) return null;
  if (!roles.includes(user.role)) {
    return (
      <section>
        <PageTitle title={t("Not available")} />
        <h1>{t("Not available")}</h1>
        <p className="muted">{t("This page is not available to the {{role}} role.", { role: roleName(user.role) })}</p>
      </section>
    );
  }
  return <Outlet />;
}
