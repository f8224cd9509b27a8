import { useId, useState, type FormEvent } from "react";
import { CreateUserBodySchema, roles, UserResponseSchema, type Role } from "../../../../shared/schemas/user";
import { api } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { useCheckedSubmit } from "./hooks/use-checked-submit";
import { PasswordField } from "./password-field";
import { Notice } from "../../common/components/notice";
import { roleName } from "../../common/format";
import { t } from "../../common/i18n";

/** Admins add annotators, researchers and other admins here. */
export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const id = useId();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("annotator");
  const [password, setPassword] = useState("");
  const [added, setAdded] = useState<string | undefined>();
  const { error, busy, submit } = useCheckedSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAdded(undefined);
    await submit(CreateUserBodySchema.safeParse({ username, role, password }), async (body) => {
      const answer = await api("/api/users", { method: "POST", body, schema: UserResponseSchema });
      setAdded(t("Added {{username}} as {{role}}.", { username: answer.user.username, role: roleName(answer.user.role) }));
      setUsername("");
      setPassword("");
      onAdded();
    });
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Add user")}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-username`}>{t("Username")}</label>
          <input id={`${id}-username`} autoComplete="off" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t("Role")}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </div>
        <PasswordField id={`${id}-password`} label={t("Password")} autoComplete="new-password" value={password} onChange={setPassword} />
      </div>
      <p className="hint">{t("At least 8 characters. Share it with the person over a safe channel.")}</p>
      <ErrorAlert error={error} />
      <Notice message={added} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t("Add user")}
        </button>
      </div>
    </form>
  );
}
