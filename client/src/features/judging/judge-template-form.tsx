import { t } from "../../common/i18n";
import { useId, useState, type FormEvent } from "react";
import { z } from "zod";
import { JudgeTemplateSchema, type JudgeTemplate, type JudgeTemplateKind } from "../../../../shared/schemas/judging";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";

// POST /api/judge-templates answers `{template}`; shared/schemas/judging.ts names no schema for that envelope.
const TemplateResponseSchema = z.object({ template: JudgeTemplateSchema });

/** Adds a custom judge template; the server checks its placeholders and that it is new. */
export function JudgeTemplateForm({ onAdded }: { onAdded: (template: JudgeTemplate) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [kind, setKind] = useState<JudgeTemplateKind>("single");
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { template } = await api("/api/judge-templates", {
        method: "POST",
        body: { name, text, kind },
        schema: TemplateResponseSchema,
      });
      setName("");
      setText("");
      setKind("single");
      onAdded(template);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("Add a template")}</h3>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t("Template kind")}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value === "pairwise" ? "pairwise" : "single")}>
          <option value="single">{t("Single answer")}</option>
          <option value="pairwise">{t("Pairwise")}</option>
        </select>
      </div>
      {kind === "single" ? (
        <p id={`${id}-hint`} className="hint">
          {t("The judge's prompt, with")} <code>$INST$</code> {t("where the instruction goes and")} <code>$RESPONSE$</code>{" "}
          {t("where the output goes. LongWriter's")} <code>judge.txt</code>{" "}
          {t(
            "(LongBench-Write's quality prompt) works as it is. Judge scores are cached per template text, so an edited text is a new template.",
          )}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          {t("The judge's prompt, with")} <code>$INST$</code> {t("where the instruction goes,")} <code>$RESPONSE_A$</code> {t("and")}{" "}
          <code>$RESPONSE_B$</code>{" "}
          {t(
            "where the two outputs go. It must ask for one JSON object with an analysis and a verdict on the five-point scale (A>>B, A>B, A=B, B>A, B>>A). Each pair is asked in both orders; answers are cached per template text.",
          )}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t("Template name")}</label>
        <input id={`${id}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field field-spaced">
        <label htmlFor={`${id}-text`}>{t("Template text")}</label>
        <textarea
          id={`${id}-text`}
          required
          rows={10}
          className="mono-input"
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <ErrorAlert error={error} title={t("Could not add the template:")} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t("Add template")}
        </button>
      </div>
    </form>
  );
}
