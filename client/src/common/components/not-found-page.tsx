import { Link } from "react-router";
import { PageTitle } from "./page-title";
import { t } from "../i18n";

export function NotFoundPage() {
  return (
    <section>
      <PageTitle title={t("Page not found")} />
      <h1>{t("Page not found")}</h1>
      <p className="muted">
        {t("There is nothing at this address.")} <Link to="/">{t("Go to the start page")}</Link>
      </p>
    </section>
  );
}
