import type { Model } from "../../../../shared/schemas/model";
import { formatNumber } from "../../common/format";

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
            <th scope="col">Name</th>
            <th scope="col">Model ID</th>
            <th scope="col">Base URLs</th>
            <th scope="col">API key</th>
            <th scope="col" title="Temperature / top p / max tokens">
              Sampling
            </th>
            <th scope="col" title="Max requests in flight / timeout per request">
              Limits
            </th>
            <th scope="col">Added by</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.id}>
              <td className="model-name">
                <span>{model.name}</span>
                {model.is_reference && <span className="badge badge-accent">reference</span>}
              </td>
              <td className="mono">{model.model}</td>
              <td className="mono url-list">
                {model.base_urls.length ? model.base_urls.map((url) => <div key={url}>{url}</div>) : <span className="muted">none</span>}
              </td>
              <td className="key-cell">
                <ApiKeyStatus model={model} />
              </td>
              <td className="nowrap">
                <ParamList model={model} />
              </td>
              <td className="nowrap">
                {model.max_in_flight} in flight
                <div className="hint">{formatNumber(model.timeout_ms / 1000)} s timeout</div>
              </td>
              <td className="muted">{model.created_by ?? model.source}</td>
              <td className="actions-cell">
                {canChange(model) && (
                  <>
                    <button type="button" className="button-small" onClick={() => onEdit(model)}>
                      Edit<span className="visually-hidden"> {model.name}</span>
                    </button>
                    <button type="button" className="button-danger" onClick={() => onDelete(model)}>
                      Delete<span className="visually-hidden"> {model.name}</span>
                    </button>
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
  if (!model.api_key_env) return <span className="muted">none</span>;
  return (
    <>
      <code>{model.api_key_env}</code>
      <div className={model.api_key_present ? "key-status key-set" : "key-status key-missing"}>
        {model.api_key_present ? "set" : "not set in the server's environment"}
      </div>
    </>
  );
}

function ParamList({ model }: { model: Model }) {
  const { temperature, top_p, max_tokens } = model.params;
  return (
    <dl className="param-list">
      <div>
        <dt>temperature</dt>
        <dd>{temperature}</dd>
      </div>
      <div>
        <dt>top p</dt>
        <dd>{top_p ?? <span className="muted">default</span>}</dd>
      </div>
      <div>
        <dt>max tokens</dt>
        <dd>{formatNumber(max_tokens)}</dd>
      </div>
    </dl>
  );
}
