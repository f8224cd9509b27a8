import { useId } from "react";
import { t } from "../../common/i18n";

/** A password an admin just reset, shown once: the server keeps only its hash. */
export function ResetPasswordNotice({ username, value, onDismiss }: { username: string; value: string; onDismiss: () => void }) {
  const id = useId();
  return (
    <section className="panel secret-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("New password for {{username}}", { username })}</h2>
      <p className="warning" role="note">
        {t("Give it to {{username}} over a safe channel now. It is shown only once; their sessions have ended.", { username })}
      </p>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t("New password for {{username}}", { username })}</label>
        <input id={`${id}-password`} readOnly className="mono" value={value} onFocus={(e) => e.target.select()} />
      </div>
      <div className="actions">
        <button type="button" className="button-quiet" onClick={onDismiss}>
          {t("I have passed it on")}
        </button>
      </div>
    </section>
  );
}
