import { useId, useState, type FormEvent } from "react";
import { CreatedTokenResponseSchema, CreateTokenBodySchema } from "../../../../shared/schemas/token";
import type { z } from "zod";
import { api } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { useCheckedSubmit } from "./hooks/use-checked-submit";
import { t } from "../../common/i18n";

export type CreatedToken = z.output<typeof CreatedTokenResponseSchema>;

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const { error, busy, submit } = useCheckedSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await submit(CreateTokenBodySchema.safeParse({ name }), async (body) => {
      const created = await api("/api/tokens", { method: "POST", body, schema: CreatedTokenResponseSchema });
      setName("");
      onCreated(created);
    });
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Create a token")}</h2>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("Token name")}</label>
          <input
            id={`${id}-name`}
            required
            maxLength={100}
            placeholder={t("e.g. export script")}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("Create token")}
        </button>
      </div>
      <ErrorAlert error={error} />
    </form>
  );
}
