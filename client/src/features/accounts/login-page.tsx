import { useState, type FormEvent } from "react";
import { Navigate, useLocation } from "react-router";
import { MeResponseSchema, type Role } from "../../../../shared/schemas/user";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { homePathFor, mayReturnTo, useAuth } from "../../common/auth";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { LanguageSwitch } from "../../common/components/language-switch";
import { t } from "../../common/i18n";

export function LoginPage() {
  const { user, signedIn } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const from = (location.state as { from?: unknown } | null)?.from;
  const target = (role: Role) => (typeof from === "string" && mayReturnTo(role, from) ? from : homePathFor(role));

  if (user) return <Navigate to={target(user.role)} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api("/api/auth/login", {
        method: "POST",
        body: { username, password },
        schema: MeResponseSchema,
      });
      // Re-rendering with a user redirects below.
      signedIn(answer.user);
    } catch (failure) {
      setError(loginErrorMessage(asApiError(failure)));
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <PageTitle title={t("Log in")} />
      <form className="login-card" onSubmit={onSubmit} aria-labelledby="login-heading">
        {/* Before sign-in the choice is this browser's; the account's own choice applies once signed in. */}
        <div className="login-language">
          <LanguageSwitch />
        </div>
        <p className="brand">longpref</p>
        <h1 id="login-heading">{t("Log in")}</h1>
        <div className="field">
          <label htmlFor="login-username">{t("Username")}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            // biome-ignore lint/a11y/noAutofocus: the sign-in page has one task, and its first field is where it starts
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t("Password")}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t("Log in")}
        </button>
      </form>
    </main>
  );
}

function loginErrorMessage(error: ApiRequestError): string {
  if (error.status === 401) return t("Invalid username or password");
  if (error.status === 429) return waitText(error.retryAfterSeconds);
  return error.message;
}

function waitText(seconds: number | undefined): string {
  if (!seconds) return t("Too many login attempts. Please wait and try again in a few minutes.");
  if (seconds < 90) return t("Too many login attempts. Please wait and try again in {{seconds}} s.", { seconds });
  return t("Too many login attempts. Please wait and try again in about {{minutes}} minutes.", { minutes: Math.ceil(seconds / 60) });
}
