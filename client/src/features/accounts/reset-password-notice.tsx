import { useId } from "react";

/** A password an admin just reset, shown once: the server keeps only its hash. */
export function ResetPasswordNotice({ username, value, onDismiss }: { username: string; value: string; onDismiss: () => void }) {
  const id = useId();
  return (
    <section className="panel secret-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New password for {username}</h2>
      <p className="warning" role="note">
        Give it to {username} over a safe channel now. It is shown only once; their sessions have ended.
      </p>
      <div className="field">
        <label htmlFor={`${id}-password`}>New password for {username}</label>
        <input id={`${id}-password`} readOnly className="mono" value={value} onFocus={(e) => e.target.select()} />
      </div>
      <div className="actions">
        <button type="button" className="button-quiet" onClick={onDismiss}>
          I have passed it on
        </button>
      </div>
    </section>
  );
}
