import { useId, useRef, useState } from "react";
import type { CreatedToken } from "./create-token-form";
import { t } from "../../common/i18n";

/** The new token's secret, shown once, with a copy button and a ready-to-run curl line. */
export function TokenSecret({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const id = useId();
  const curl = `curl -H "Authorization: Bearer ${created.secret}" ${window.location.origin}/api/instruction-sets`;
  return (
    <section className="panel secret-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Token “{{name}}” created", { name: created.token.name })}</h2>
      <p className="warning" role="note">
        {t("Copy the secret now. It is shown only once: the server keeps only a hash and cannot show it again.")}
      </p>
      <CopyField label={t("Secret")} value={created.secret} />
      <CopyField label={t("Try it with curl")} value={curl} />
      <div className="actions">
        <button type="button" className="button-quiet" onClick={onDismiss}>
          {t("I have copied it")}
        </button>
      </div>
    </section>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): the text stays selected for Ctrl+C.
      document.execCommand?.("copy");
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={input} readOnly className="mono" value={value} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={copy}>
          {copied ? t("Copied") : t("Copy")}
        </button>
      </div>
    </div>
  );
}
