import { Link } from "react-router";
import type { ApiRequestError } from "../api";
import { ErrorAlert } from "./error-alert";
import { PageTitle } from "./page-title";
import { t } from "../i18n";

/** A detail page whose record has not arrived: loading, or why it failed, with the way back. */
export function PagePending({
  title,
  error,
  back,
  backLabel,
}: {
  title: string;
  error: ApiRequestError | undefined;
  back: string;
  backLabel: string;
}) {
  return (
    <section>
      <PageTitle title={title} />
      <h1>{title}</h1>
      {error ? <ErrorAlert error={error} /> : <p className="muted">{t("Loading…")}</p>}
      <Link to={back}>{backLabel}</Link>
    </section>
  );
}
