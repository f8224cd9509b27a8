import type { Model } from "../../../../shared/schemas/model";
import { formatNumber } from "../../common/format";
import { t } from "../../common/i18n";
import { ConnectionTestButton } from "./connection-test";

interface Props {
  models: Model[];
  onEdit: (model: Model) => void;
  onDelete: (model: Model) => void;
  /** Whether the signed-in user may change this model (its creator or an admin). */
  canChange: (model: Model) => boolean;
}

export function ModelsTable({ models, onEdit, onDelete, canChange }: Props) {
  return (
    <div className="table-wrap">
      <table className="table table-compact models-table">
        <thead>
          <tr>
            <th scope="col">{t("Name")}</th>
            <th scope="col">{t("Model ID")}</th>
            <th scope="col">{t("Base URLs")}</th>
            <th scope="col">{t("API key")}</th>
            <th scope="col" title={t("Temperature / top p / max tokens")}>
              {t("Sampling")}
            </th>
            <th scope="col" title={t("Max requests in flight / timeout per request")}>
              {t("Limits")}
            </th>
            <th scope="col">{t("Added by")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("Actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.id}>
              <td className="model-name">
                <span>{model.name}</span>
                {model.is_reference && <span className="badge badge-accent">{t("reference")}</span>}
              </td>
              <td className="mono">{model.model}</td>
              <td className="mono url-list">
                {model.base_urls.length ? (
                  model.base_urls.map((url) => <div key={url}>{url}</div>)
                ) : (
                  <span className="muted">{t("none")}</span>
                )}
              </td>
              <td className="key-cell">
                <ApiKeyStatus model={model} />
              </td>
              <td className="nowrap">
                <ParamList model={model} />
              </td>
              <td className="nowrap">
                {t("{{count}} in flight", { count: model.max_in_flight })}
                <div className="hint">{t("{{seconds}} s timeout", { seconds: formatNumber(model.timeout_ms / 1000) })}</div>
              </td>
              <td className="muted">{model.created_by ?? model.source}</td>
              <td className="actions-cell">
                {canChange(model) && (
                  <>
                    <button type="button" className="button-small" onClick={() => onEdit(model)}>
                      {t("Edit")}
                      <span className="visually-hidden"> {model.name}</span>
                    </button>
                    <button type="button" className="button-danger" onClick={() => onDelete(model)}>
                      {t("Delete")}
                      <span className="visually-hidden"> {model.name}</span>
                    </button>
                    {model.base_urls.length > 0 && <ConnectionTestButton model={model} />}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ApiKeyStatus({ model }: { model: Model }) {
  if (!model.api_key_env) return <span className="muted">{t("none")}</span>;
  return (
    <>
      <code>{model.api_key_env}</code>
      <div className={model.api_key_present ? "key-status key-set" : "key-status key-missing"}>
        {model.api_key_present ? t("set") : t("not set in the server's environment")}
      </div>
    </>
  );
}

function ParamList({ model }: { model: Model }) {
  const { temperature, top_p, max_tokens } = model.params;
  return (
    <dl className="param-list">
      <div>
        <dt>{t("temperature")}</dt>
        <dd>{temperature}</dd>
      </div>
      <div>
        <dt>{t("top p")}</dt>
        <dd>{top_p ?? <span className="muted">{t("default")}</span>}</dd>
      </div>
      <div>
        <dt>{t("max tokens")}</dt>
        <dd>{formatNumber(max_tokens)}</dd>
      </div>
    </dl>
  );
}
