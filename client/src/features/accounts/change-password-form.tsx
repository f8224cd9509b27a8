import { useId, useState, type FormEvent } from "react";
import { z } from "zod";
import { ChangePasswordBodySchema } from "../../../../shared/schemas/user";
import { api, asApiError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

const ChangedSchema = z.object({ ok: z.literal(true), ended_sessions: z.number().int() });

/** Changing one's own password needs the current one; other browsers are signed out, this one stays. */
export function ChangePasswordForm() {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    const body = ChangePasswordBodySchema.safeParse({ current_password: current, new_password: next });
    if (!body.success) return setError(body.error.issues.map((i) => i.message).join("; "));
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api("/api/auth/password", { method: "POST", body: body.data, schema: ChangedSchema });
      const others = answer.ended_sessions;
      setDone(`Password changed.${others > 0 ? ` ${others} other session${others === 1 ? " was" : "s were"} signed out.` : ""}`);
      setCurrent("");
      setNext("");
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change password</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-current`}>Current password</label>
          <input
            id={`${id}-current`}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>New password</label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </div>
      </div>
      <p className="hint">At least 8 characters. Your other browsers will be signed out.</p>
      <ErrorAlert error={error} />
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
