import { ChangePasswordForm } from "./change-password-form";
import { PageTitle } from "../../common/components/page-title";
import { useAuth, useUser } from "../../common/auth";
import { useId } from "react";
import { LanguageSwitch } from "../../common/components/language-switch";
import { roleName } from "../../common/format";
import { t } from "../../common/i18n";

/** Every signed-in person's own account: password, and signing out of every browser. */
export function AccountPage() {
  const user = useUser();
  const { logOutEverywhere } = useAuth();
  const id = useId();
  return (
    <section>
      <PageTitle title={t("Account")} />
      <h1>{t("Account")}</h1>
      <p>
        {t("Signed in as")} <strong>{user.username}</strong> ({roleName(user.role)})
      </p>
      <section className="panel" aria-labelledby={`${id}-language-heading`}>
        <h2 id={`${id}-language-heading`}>{t("Language")}</h2>
        <p className="hint">{t("The interface language, kept with your account for every browser you sign in from.")}</p>
        <LanguageSwitch />
      </section>
      <ChangePasswordForm />
      <section className="panel" aria-labelledby="sign-out-everywhere-heading">
        <h2 id="sign-out-everywhere-heading">{t("Sign out everywhere")}</h2>
        <p className="hint">{t("Ends all your sessions, in every browser, this one included. API tokens are not affected.")}</p>
        <div className="actions">
          <button type="button" className="button-danger" onClick={() => void logOutEverywhere().catch(() => undefined)}>
            {t("Sign out everywhere")}
          </button>
        </div>
      </section>
    </section>
  );
}
