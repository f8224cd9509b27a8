import { ChangePasswordForm } from "./change-password-form";
import { PageTitle } from "../../common/components/page-title";
import { useAuth, useUser } from "../../common/auth";

/** Every signed-in person's own account: password, and signing out of every browser. */
export function AccountPage() {
  const user = useUser();
  const { logOutEverywhere } = useAuth();
  return (
    <section>
      <PageTitle title="Account" />
      <h1>Account</h1>
      <p>
        Signed in as <strong>{user.username}</strong> ({user.role}).
      </p>
      <ChangePasswordForm />
      <section className="panel" aria-labelledby="sign-out-everywhere-heading">
        <h2 id="sign-out-everywhere-heading">Sign out everywhere</h2>
        <p className="hint">Ends all your sessions, in every browser, this one included. API tokens are not affected.</p>
        <div className="actions">
          <button type="button" className="button-danger" onClick={() => void logOutEverywhere().catch(() => undefined)}>
            Sign out everywhere
          </button>
        </div>
      </section>
    </section>
  );
}
