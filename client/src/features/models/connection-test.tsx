import { useState } from "react";
import { ConnectionTestSchema, type ConnectionTest } from "../../../../shared/schemas/connection-test";
import type { Model } from "../../../../shared/schemas/model";
import { api, asApiError } from "../../common/api";
import { formatNumber } from "../../common/format";
import { t } from "../../common/i18n";
import "./connection-test.css";

/**
 * "Test connection": one request of a single token through the model's key and the server's outbound
 * policy; the answer (or the error, in the words a failed sample would show) appears under the button.
 */
export function ConnectionTestButton({ model }: { model: Model }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | { requestError: string } | null>(null);

  async function run() {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api(`/api/models/${model.id}/test-connection`, { method: "POST", schema: ConnectionTestSchema }));
    } catch (failure) {
      setResult({ requestError: asApiError(failure).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="connection-test">
      <button type="button" className="button-small" onClick={run} disabled={busy}>
        {busy ? t("Testing…") : t("Test connection")}
        <span className="visually-hidden"> {model.name}</span>
      </button>
      <output className="connection-test-result" aria-live="polite" data-testid={`connection-test-${model.id}`}>
        {result && "requestError" in result && <span className="connection-failed">{result.requestError}</span>}
        {result && "ok" in result && result.ok && (
          <span className="connection-ok">
            {t("Connected: {{model}} answered in {{ms}} ms", { model: result.model, ms: formatNumber(result.latency_ms ?? 0) })}
          </span>
        )}
        {result && "ok" in result && result.ok && result.n_supported === true && (
          <span className="connection-ok"> {t("It answers several samples per request (n).")}</span>
        )}
        {result && "ok" in result && result.ok && result.n_supported === false && (
          <span className="connection-failed">
            {" "}
            {t("It ignores n: each sample will need its own request. Set Samples per request to 1.")}
          </span>
        )}
        {result && "ok" in result && !result.ok && (
          <span className="connection-failed">{t("Failed: {{error}}", { error: result.error ?? "" })}</span>
        )}
      </output>
    </div>
  );
}
