import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { Link } from "react-router";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { ImportOutputsResultSchema } from "../../../../shared/schemas/sample";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { formatNumber } from "../../common/format";
import { useChoices } from "../../common/hooks/use-paged-list";
import { useUploadLimit } from "../../common/hooks/use-upload-limit";
import { t } from "../../common/i18n";
import { blankContent, fileProblem } from "./import-file";
import { ImportError } from "./import-error";
import { previewOutputsFile } from "./outputs-file";
import "../../common/components/forms.css";
import { UploadFileField } from "../../common/components/upload-file-field";

interface LoadedFile {
  name: string;
  content: string;
}

type Imported = { jobId: number; count: number; models: string[] };

/**
 * Imports outputs made elsewhere into this set, as the CLI's import-outputs and POST /api/outputs/import do:
 * a file, the model they belong to (an existing one or a new name), a preview of what will be imported,
 * then all or nothing, every bad line named by its number.
 */
export function OutputsImportForm({ setId, onCancel }: { setId: number; onCancel: () => void }) {
  const id = useId();
  const uploadLimit = useUploadLimit();
  const models = useChoices("/api/models", ModelsResponseSchema).data?.items ?? [];
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [modelName, setModelName] = useState("");
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<Imported | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    setError(undefined);
    setImported(null);
    setRefused(null);
    setFile(null);
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    // Refused here, before anything is read or sent: the server would refuse it after the whole upload.
    const problem = fileProblem(chosen, uploadLimit);
    if (problem) return setRefused(problem);
    const content = await chosen.text();
    if (blankContent(content)) return setRefused(t("The file is empty."));
    setFile({ name: chosen.name, content });
  }

  const preview = file ? previewOutputsFile(file.content, modelName) : null;
  const known = new Set(models.map((m) => m.name));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { set_id: setId, model_name: modelName.trim() || undefined, file_name: file.name, content: file.content };
      const result = await api("/api/outputs/import", { method: "POST", body, schema: ImportOutputsResultSchema });
      setImported({ jobId: result.job_id, count: result.count, models: result.models });
      setFile(null);
    } catch (failure) {
      setError(asApiError(failure));
    }
    setBusy(false);
  }

  return (
    <form className="panel import-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Import outputs")}</h2>
      <p className="hint">
        {t(
          "JSONL made elsewhere: longpref lines ({instruction_id or prompt, model, text}) or LongWriter predictions ({prompt, response}). They become finished samples of this set's instructions.",
        )}
      </p>
      <div className="form-grid">
        <UploadFileField id={id} accept=".jsonl,.json" refused={refused} onFile={(e) => void onFile(e)} />
        <div className="field">
          <label htmlFor={`${id}-model`}>{t("Model")}</label>
          <input
            id={`${id}-model`}
            list={`${id}-models`}
            maxLength={100}
            value={modelName}
            placeholder={t("as named in the file")}
            aria-describedby={`${id}-model-hint`}
            onChange={(e) => setModelName(e.target.value)}
          />
          <datalist id={`${id}-models`}>
            {models.map((m) => (
              <option key={m.id} value={m.name} />
            ))}
          </datalist>
          <span id={`${id}-model-hint`} className="hint">
            {t("An existing model, or a new name (a model without an endpoint is created). Required for LongWriter files.")}
          </span>
        </div>
      </div>
      {preview && (
        <div className="outputs-import-preview" data-testid="outputs-preview">
          <p>
            {t("Will import {{count}} output(s) ({{format}} format):", {
              count: formatNumber(preview.outputs),
              format: preview.format === "longwriter" ? "LongWriter" : "longpref",
            })}
          </p>
          <ul>
            {preview.byModel.map(([model, n]) => (
              <li key={model}>
                {model}: {formatNumber(n)} {known.has(model) ? "" : t("(new model)")}
              </li>
            ))}
          </ul>
          {preview.badLines.length > 0 && (
            <ul className="bad-lines outputs-import-lines">
              {preview.badLines.slice(0, 50).map((l) => (
                <li key={l.line}>{t("line {{line}}: {{message}}", { line: l.line, message: l.message })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ImportError error={error} />
      {imported && (
        <p role="status" className="notice">
          {t("Imported {{count}} output(s) of {{models}}.", { count: formatNumber(imported.count), models: imported.models.join(", ") })}{" "}
          <Link to={`/sampling/jobs/${imported.jobId}`}>{t("See the import job")}</Link>
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !file || (preview !== null && preview.badLines.length > 0)}>
          {busy ? t("Importing…") : t("Import")}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t("Close")}
        </button>
      </div>
    </form>
  );
}
