import { useId, useState, type FormEvent } from "react";
import { CreateUserBodySchema, roles, UserResponseSchema, type Role } from "../../../../shared/schemas/user";
import { api, asApiError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

/** Admins add annotators, researchers and other admins here. */
export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const id = useId();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [added, setAdded] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(undefined);
    const body = CreateUserBodySchema.safeParse({ username, role, password });
    if (!body.success) return setError(body.error.issues.map((i) => i.message).join("; "));
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api("/api/users", { method: "POST", body: body.data, schema: UserResponseSchema });
      setAdded(`Added ${answer.user.username} as ${answer.user.role}.`);
      setUsername("");
      setPassword("");
      onAdded();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add user</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-username`}>Username</label>
          <input id={`${id}-username`} autoComplete="off" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
      </div>
      <p className="hint">At least 8 characters. Share it with the person over a safe channel.</p>
      <ErrorAlert error={error} />
      {added && (
        <p role="status" className="notice">
          {added}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          Add user
        </button>
      </div>
    </form>
  );
}
