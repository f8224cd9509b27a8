import { useState } from "react";
import { Link } from "react-router";
import { TokensResponseSchema, type ApiToken } from "../../../../shared/schemas/token";
import { api, asApiError, OkSchema, type ApiRequestError } from "../../common/api";
import { CreateTokenForm, type CreatedToken } from "./create-token-form";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { TokenSecret } from "./token-secret";
import { formatDateTime } from "../../common/format";
import { usePagedList } from "../../common/hooks/use-paged-list";
import { Pagination } from "../../common/components/pagination";
import { t } from "../../common/i18n";

export function TokensPage() {
  const { data, error, reload, pager } = usePagedList("/api/tokens", TokensResponseSchema);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revokeError, setRevokeError] = useState<ApiRequestError | undefined>();

  async function revoke(token: ApiToken) {
    setRevokeError(undefined);
    try {
      await api(`/api/tokens/${token.id}`, { method: "DELETE", schema: OkSchema });
      if (created?.token.id === token.id) setCreated(null);
      reload();
    } catch (failure) {
      setRevokeError(asApiError(failure));
    }
  }

  return (
    <section>
      <PageTitle title={t("API tokens")} />
      <h1>{t("API tokens")}</h1>
      <p className="lead">
        {t("Personal tokens let scripts call the API as you. Send one in this header:")} <code>Authorization: Bearer</code>
      </p>
      <p>
        <Link to="/api-reference">{t("API reference")}</Link>: {t("every route, who may call it, what it takes and answers.")}
      </p>
      <CreateTokenForm
        onCreated={(token) => {
          setCreated(token);
          reload();
        }}
      />
      {created && <TokenSecret created={created} onDismiss={() => setCreated(null)} />}
      <h2>{t("Your tokens")}</h2>
      <ErrorAlert error={error ?? revokeError} />
      {data && data.total === 0 && <p className="muted">{t("You have no tokens.")}</p>}
      {data && data.total > 0 && data.items.length === 0 && <p className="muted">{t("This page is empty.")}</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("Name")}</th>
                <th scope="col">{t("Prefix")}</th>
                <th scope="col">{t("Created")}</th>
                <th scope="col">{t("Last used")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("Actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td className="muted">{formatDateTime(token.created_at)}</td>
                  <td className="muted">{token.last_used_at ? formatDateTime(token.last_used_at) : t("never")}</td>
                  <td className="actions-cell">
                    <button type="button" className="button-danger" onClick={() => revoke(token)}>
                      {t("Revoke")}
                      <span className="visually-hidden"> {token.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
    </section>
  );
}
