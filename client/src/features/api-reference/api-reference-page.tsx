import { useMemo, useState } from "react";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import { OperationDetails } from "./operation-details";
import { groupOperations, inlineRefs, OpenApiDocSchema } from "./openapi-doc";
import "./api-reference.css";

/** The OpenAPI document as a page: operations grouped by tag, searchable by path. */
export function ApiReferencePage() {
  const { data, error } = useApiData("/api/openapi.json", OpenApiDocSchema);
  const [search, setSearch] = useState("");
  const groups = useMemo(() => (data ? groupOperations(data, search) : []), [data, search]);
  const count = groups.reduce((n, [, listed]) => n + listed.length, 0);
  const components = data?.components.schemas ?? {};

  return (
    <section>
      <PageTitle title={t("API reference")} />
      <h1>{t("API reference")}</h1>
      <p className="lead">
        {t("Every route of this server, from its OpenAPI 3.1 document:")} <a href="/api/openapi.json">/api/openapi.json</a>.{" "}
        {t("Scripts sign in with an API token in the header")} <code>Authorization: Bearer</code>.
      </p>
      <ErrorAlert error={error} />
      {data && (
        <>
          <details className="api-error-shape">
            <summary>{t("Error body of every refusal")}</summary>
            <pre className="api-schema">
              <code>{JSON.stringify(inlineRefs({ $ref: "#/components/schemas/ApiError" }, components), null, 2)}</code>
            </pre>
          </details>
          <label className="api-search">
            {t("Search by path")}
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="/api/campaigns" />
          </label>
          <p className="muted" aria-live="polite">
            {t("{{count}} operations", { count })}
          </p>
          {count === 0 && <p>{t("No operation matches.")}</p>}
          {groups.map(([tag, listed]) => (
            <section key={tag} className="api-tag" aria-labelledby={`api-tag-${tag}`}>
              <h2 id={`api-tag-${tag}`}>{tag}</h2>
              {listed.map((item) => (
                <OperationDetails key={`${item.method} ${item.path}`} listed={item} components={components} />
              ))}
            </section>
          ))}
        </>
      )}
    </section>
  );
}
