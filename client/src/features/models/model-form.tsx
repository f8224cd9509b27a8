import { useId, useState, type FormEvent, type ReactNode } from "react";
import { ModelResponseSchema, type Model } from "../../../../shared/schemas/model";
import { api, asApiError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { t } from "../../common/i18n";
import { createBodyOf, draftOf, emptyModelDraft, updateBodyOf, type ModelDraft } from "./model-draft";

interface Props {
  /** The model to edit; without one the form adds a model. */
  model?: Model;
  onSaved: (model: Model, created: boolean) => void;
  onCancel?: () => void;
  /** Whether base URLs and the key variable may be changed (an admin, or researchers when delegated). */
  endpointsEditable: boolean;
  /** Key variables allowed besides LONGPREF_KEY_* (the server's LONGPREF_KEY_ENVS). */
  keyEnvs: string[];
}

/** Adds a model (POST) or edits one (PATCH, only the changed fields). */
export function ModelForm({ model, onSaved, onCancel, endpointsEditable, keyEnvs }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<ModelDraft>(model ? draftOf(model) : emptyModelDraft);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ModelDraft>(key: K, value: ModelDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = model
        ? await api(`/api/models/${model.id}`, { method: "PATCH", body: updateBodyOf(draft, model), schema: ModelResponseSchema })
        : await api("/api/models", { method: "POST", body: createBodyOf(draft), schema: ModelResponseSchema });
      if (!model) setDraft(emptyModelDraft);
      onSaved(answer.model, !model);
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof ModelDraft, label: string, input: ReactNode, hint?: ReactNode) => (
    <div className={key === "base_urls" ? "field field-wide" : "field"}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
      {hint && (
        <span id={`${id}-${key}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
  const text = (key: Exclude<keyof ModelDraft, "is_reference" | "resume_partial">, extra: object = {}) => (
    <input id={`${id}-${key}`} value={draft[key]} onChange={(e) => set(key, e.target.value)} {...extra} />
  );
  const number = (key: Exclude<keyof ModelDraft, "is_reference" | "resume_partial">, step: string, extra: object = {}) =>
    text(key, { type: "number", step, min: 0, inputMode: "decimal", ...extra });

  const heading = model ? t("Edit model {{name}}", { name: model.name }) : t("Add model");
  return (
    <form className="panel model-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <div className="form-grid">
        {field("name", t("Name"), text("name", { required: true, maxLength: 100, autoComplete: "off" }))}
        {field(
          "model",
          t("Model ID"),
          text("model", { required: true, maxLength: 200, placeholder: t("e.g. {{example}}", { example: "llama3.1" }) }),
        )}
        {field(
          "api_key_env",
          t("API key variable"),
          text("api_key_env", {
            placeholder: "LONGPREF_KEY_OPENAI",
            readOnly: !endpointsEditable,
            "aria-describedby": `${id}-api_key_env-hint`,
          }),
          <>
            {t("The name of an environment variable of the server: one starting")} <code>LONGPREF_KEY_</code>
            {keyEnvs.length > 0 && (
              <>
                {" "}
                {t("or one of")} <code>{keyEnvs.join(", ")}</code>
              </>
            )}
            {t("; longpref's own settings are refused. The key itself is never stored.")}
            {!endpointsEditable && ` ${t("Only an admin changes it.")}`}
          </>,
        )}
        {field(
          "base_urls",
          t("Base URLs"),
          <textarea
            id={`${id}-base_urls`}
            rows={3}
            required={!model || model.base_urls.length > 0}
            value={draft.base_urls}
            readOnly={!endpointsEditable}
            placeholder="http://localhost:8000/v1"
            aria-describedby={`${id}-base_urls-hint`}
            onChange={(e) => set("base_urls", e.target.value)}
          />,
          endpointsEditable
            ? t("One OpenAI-compatible endpoint per line (no ?query, #fragment or user:password@); requests are spread across them.")
            : t("Where requests go is an admin's decision: only an admin changes the base URLs."),
        )}
        {field("temperature", t("Temperature"), number("temperature", "0.05", { max: 2 }))}
        {field(
          "top_p",
          t("Top p"),
          number("top_p", "0.01", { max: 1, "aria-describedby": `${id}-top_p-hint` }),
          t("Empty = server default."),
        )}
        {field("max_tokens", t("Max tokens"), number("max_tokens", "1", { min: 1 }))}
        {field("max_in_flight", t("Max requests in flight"), number("max_in_flight", "1", { min: 1 }))}
        {field("timeout_s", t("Timeout (seconds)"), number("timeout_s", "1", { min: 1 }))}
        {field(
          "n_per_request",
          t("Samples per request"),
          number("n_per_request", "1", { min: 1, max: 16, "aria-describedby": `${id}-n_per_request-hint` }),
          t(
            "Asks for several samples of an instruction in one request (n): one prompt prefill instead of one per sample. vLLM, SGLang and OpenAI support it; test the connection to check.",
          ),
        )}
      </div>
      <div className="checkbox-field">
        <input
          id={`${id}-is_reference`}
          type="checkbox"
          checked={draft.is_reference}
          onChange={(e) => set("is_reference", e.target.checked)}
        />
        <label htmlFor={`${id}-is_reference`}>{t("Reference model (baseline such as GPT-4o)")}</label>
      </div>
      <div className="checkbox-field">
        <input
          id={`${id}-resume_partial`}
          type="checkbox"
          checked={draft.resume_partial}
          onChange={(e) => set("resume_partial", e.target.checked)}
        />
        <label htmlFor={`${id}-resume_partial`}>
          {t("Resume interrupted samples from their saved text (vLLM, SGLang, Ollama; not OpenAI)")}
        </label>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {model ? t("Save model") : t("Add model")}
        </button>
        {onCancel && (
          <button type="button" className="button-quiet" onClick={onCancel}>
            {t("Cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
