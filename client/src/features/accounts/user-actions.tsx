import { useState } from "react";
import { z } from "zod";
import {
  EndedSessionsResponseSchema,
  ResetPasswordResponseSchema,
  roles,
  UserResponseSchema,
  type Role,
  type User,
} from "../../../../shared/schemas/user";
import { api, asApiError } from "../../common/api";
import { roleName } from "../../common/format";
import { t } from "../../common/i18n";

export interface UserActionResult {
  /** What happened, for a status line. */
  message?: string;
  error?: string;
  /** A reset password, shown once. */
  password?: { username: string; value: string };
}

/** An admin's actions on one account: role, disable / enable, reset password, end sessions. */
export function UserActions({ user, onDone }: { user: User; onDone: (result: UserActionResult) => void }) {
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<UserActionResult>) {
    setBusy(true);
    try {
      onDone(await action());
    } catch (failure) {
      onDone({ error: asApiError(failure).message });
    } finally {
      setBusy(false);
    }
  }

  const update = (body: { role?: Role; disabled?: boolean }) =>
    run(async () => {
      const answer = await api(`/api/users/${user.id}`, { method: "PATCH", body, schema: UserResponseSchema });
      const { username, role, disabled } = answer.user;
      if (body.role) return { message: t("{{username}} is now {{role}}.", { username, role: roleName(role) }) };
      return { message: disabled ? t("{{username}} is disabled.", { username }) : t("{{username}} is enabled.", { username }) };
    });

  return (
    <div className="row-actions">
      <select
        aria-label={t("Role of {{username}}", { username: user.username })}
        value={user.role}
        disabled={busy}
        onChange={(e) => void update({ role: z.enum(roles).parse(e.target.value) })}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleName(r)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={user.disabled ? "" : "button-danger"}
        disabled={busy}
        onClick={() => void update({ disabled: !user.disabled })}
      >
        {user.disabled ? t("Enable") : t("Disable")}
        <span className="visually-hidden"> {user.username}</span>
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const answer = await api(`/api/users/${user.id}/password`, { method: "POST", body: {}, schema: ResetPasswordResponseSchema });
            return { password: { username: answer.user.username, value: answer.password } };
          })
        }
      >
        {t("Reset password")}
        <span className="visually-hidden">{t(" of {{username}}", { username: user.username })}</span>
      </button>
      <button
        type="button"
        className="button-quiet"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const answer = await api(`/api/users/${user.id}/sessions`, { method: "DELETE", schema: EndedSessionsResponseSchema });
            return { message: t("Ended {{count}} session(s) of {{username}}.", { count: answer.ended, username: user.username }) };
          })
        }
      >
        {t("End sessions")}
        <span className="visually-hidden">{t(" of {{username}}", { username: user.username })}</span>
      </button>
    </div>
  );
}
