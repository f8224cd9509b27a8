import { useId, useState, type FormEvent } from "react";
import { z } from "zod";
import { ChangePasswordBodySchema } from "../../../../shared/schemas/user";
import { api } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { useCheckedSubmit } from "./hooks/use-checked-submit";
import { PasswordField } from "./password-field";
import { Notice } from "../../common/components/notice";
import { t } from "../../common/i18n";

const ChangedSchema = z.object({ ok: z.literal(true), ended_sessions: z.number().int() });

/** Changing one's own password needs the current one; other browsers are signed out, this one stays. */
export function ChangePasswordForm() {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [done, setDone] = useState<string | undefined>();
  const { error, busy, submit } = useCheckedSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    await submit(ChangePasswordBodySchema.safeParse({ current_password: current, new_password: next }), async (body) => {
      const answer = await api("/api/auth/password", { method: "POST", body, schema: ChangedSchema });
      const others = answer.ended_sessions;
      setDone(
        others === 0
          ? t("Password changed.")
          : others === 1
            ? t("Password changed. 1 other session was signed out.")
            : t("Password changed. {{count}} other sessions were signed out.", { count: others }),
      );
      setCurrent("");
      setNext("");
    });
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Change password")}</h2>
      <div className="form-grid">
        <PasswordField
          id={`${id}-current`}
          label={t("Current password")}
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
        />
        <PasswordField id={`${id}-new`} label={t("New password")} autoComplete="new-password" value={next} onChange={setNext} />
      </div>
      <p className="hint">{t("At least 8 characters. Your other browsers will be signed out.")}</p>
      <ErrorAlert error={error} />
      <Notice message={done} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t("Change password")}
        </button>
      </div>
    </form>
  );
}
