import { useId, useState, type FormEvent } from "react";
import { CreatedTokenResponseSchema, CreateTokenBodySchema } from "../../../../shared/schemas/token";
import type { z } from "zod";
import { api, asApiError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

export type CreatedToken = z.output<typeof CreatedTokenResponseSchema>;

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = CreateTokenBodySchema.safeParse({ name });
    if (!body.success) return setError(body.error.issues.map((i) => i.message).join("; "));
    setBusy(true);
    setError(undefined);
    try {
      const created = await api("/api/tokens", { method: "POST", body: body.data, schema: CreatedTokenResponseSchema });
      setName("");
      onCreated(created);
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create a token</h2>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-name`}>Token name</label>
          <input
            id={`${id}-name`}
            required
            maxLength={100}
            placeholder="e.g. export script"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          Create token
        </button>
      </div>
      <ErrorAlert error={error} />
    </form>
  );
}
