import { t } from "../../common/i18n";
import { inlineRefs, type Listed } from "./openapi-doc";

const roleName = (role: string) =>
  role === "public"
    ? t("anyone (public)")
    : role === "admin"
      ? t("admin")
      : role === "researcher"
        ? t("researcher")
        : role === "annotator"
          ? t("annotator")
          : role;

function SchemaView({ schema, components }: { schema: unknown; components: Record<string, unknown> }) {
  return (
    <pre className="api-schema">
      <code>{JSON.stringify(inlineRefs(schema, components), null, 2)}</code>
    </pre>
  );
}

/** One operation: method, path and roles always shown; parameters, body and answers when opened. */
export function OperationDetails({ listed, components }: { listed: Listed; components: Record<string, unknown> }) {
  const { method, path, operation } = listed;
  const body = operation.requestBody?.content["application/json"]?.schema;
  const responses = Object.entries(operation.responses);
  const success = responses.filter(([status]) => status.startsWith("2"));
  const refusals = responses.filter(([status]) => !status.startsWith("2")).map(([status]) => status);
  return (
    <details className="api-operation" data-path={path} data-method={method}>
      <summary>
        <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code className="api-path">{path}</code>{" "}
        <span className="api-summary">{operation.summary}</span>{" "}
        <span className="muted">
          {t("Roles")}: {operation["x-roles"].map(roleName).join(", ")}
        </span>
      </summary>
      <div className="api-operation-body">
        {operation.parameters.length > 0 && (
          <>
            <h4>{t("Parameters")}</h4>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("Name")}</th>
                    <th scope="col">{t("In")}</th>
                    <th scope="col">{t("Required")}</th>
                    <th scope="col">{t("Schema")}</th>
                  </tr>
                </thead>
                <tbody>
                  {operation.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`}>
                      <td className="mono">{p.name}</td>
                      <td>{p.in === "path" ? t("path") : p.in === "query" ? t("query") : p.in}</td>
                      <td>{p.required ? t("yes") : t("no")}</td>
                      <td className="mono">
                        {JSON.stringify(p.schema ?? {})}
                        {p.description && <div className="muted">{p.description}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {operation.requestBody && (
          <>
            <h4>{t("Request body")}</h4>
            {body ? <SchemaView schema={body} components={components} /> : <p className="muted">{t("JSON, not described.")}</p>}
          </>
        )}
        {success.map(([status, answer]) => {
          const [mediaType, content] = Object.entries(answer.content ?? {})[0] ?? ["application/json", undefined];
          return (
            <div key={status}>
              <h4>{t("Answer {{status}} ({{mediaType}})", { status, mediaType })}</h4>
              {content?.schema ? (
                <SchemaView schema={content.schema} components={components} />
              ) : (
                <p className="muted">{t("No schema declared.")}</p>
              )}
            </div>
          );
        })}
        <p>
          {t("Refusals")}: <span className="mono">{refusals.join(", ")}</span>{" "}
          <span className="muted">{t("(each with the error body shown at the top)")}</span>
        </p>
      </div>
    </details>
  );
}
