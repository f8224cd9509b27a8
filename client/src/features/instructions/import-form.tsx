import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { DryRunResultSchema, importFormats, type DryRunResult, type ImportFormat } from "../../../../shared/schemas/import";
import { InstructionSetResponseSchema } from "../../../../shared/schemas/instruction";
import { defaultRangeBounds, rangesFromBounds } from "../../../../shared/instructions/length-range";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { t } from "../../common/i18n";
import { useUploadLimit } from "../../common/hooks/use-upload-limit";
import { blankContent, columnsOf, detectFormat, fileProblem, setNameFromFileName } from "./import-file";
import { ColumnMappingFields, emptyMapping, mappingOf, type MappingDraft } from "./column-mapping-fields";
import { ImportError } from "./import-error";
import { ImportPreview } from "./import-preview";
import { UploadFileField } from "../../common/components/upload-file-field";

const formatLabels: Record<ImportFormat, () => string> = {
  longbench: () => t("LongBench-Write JSONL"),
  jsonl: () => t("JSONL"),
  csv: () => t("CSV"),
};

interface LoadedFile {
  name: string;
  content: string;
}

/** Import a JSONL/CSV file as a new instruction set, with an optional dry-run preview first. */
export function ImportForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const id = useId();
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [name, setName] = useState("");
  const [nameEdited, setNameEdited] = useState(false);
  const [description, setDescription] = useState("");
  const [bounds, setBounds] = useState(defaultRangeBounds);
  const [format, setFormat] = useState<ImportFormat>("longbench");
  const [mapping, setMapping] = useState<MappingDraft>(emptyMapping);
  const [preview, setPreview] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const uploadLimit = useUploadLimit();

  // Any change makes an earlier preview or error stale.
  function changed() {
    setPreview(null);
    setError(undefined);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    changed();
    setRefused(null);
    const chosen = event.target.files?.[0];
    if (!chosen) return setFile(null);
    // Refused here, before anything is read or sent: the server would refuse it after the whole upload.
    const problem = fileProblem(chosen, uploadLimit);
    if (problem) {
      setFile(null);
      return setRefused(problem);
    }
    const content = await chosen.text();
    if (blankContent(content)) {
      setFile(null);
      return setRefused(t("The file is empty."));
    }
    setFile({ name: chosen.name, content });
    setFormat(detectFormat(chosen.name, content));
    if (!nameEdited || name.trim() === "") setName(setNameFromFileName(chosen.name));
  }

  function body(dryRun: boolean) {
    if (!file) throw new Error(t("Choose a file first."));
    const ranges = rangesFromBounds(bounds);
    if (typeof ranges === "string") throw new Error(t("Length ranges: {{problem}}", { problem: ranges }));
    return {
      name: name.trim() || (dryRun ? "preview" : ""),
      description: description.trim() || undefined,
      format,
      mapping: format === "longbench" ? undefined : mappingOf(mapping),
      length_ranges: bounds === defaultRangeBounds ? undefined : ranges,
      file_name: file.name,
      content: file.content,
      dry_run: dryRun || undefined,
    };
  }

  // A preview shows what would be imported; an import writes the set and opens its instructions.
  async function send(dryRun: boolean) {
    setBusy(dryRun ? "preview" : "import");
    changed();
    try {
      const request = { method: "POST" as const, body: body(dryRun) };
      if (dryRun) {
        setPreview(await api("/api/instruction-sets/import", { ...request, schema: DryRunResultSchema }));
      } else {
        const result = await api("/api/instruction-sets/import", { ...request, schema: InstructionSetResponseSchema });
        navigate(`/instructions?set=${result.set.id}`);
        return;
      }
    } catch (failure) {
      setError(asApiError(failure));
    }
    setBusy(null);
  }

  function onImport(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(false);
  }

  const columns = file && format !== "longbench" ? columnsOf(format, file.content) : [];
  return (
    <form className="panel import-form" onSubmit={onImport} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Import instructions")}</h2>
      <p className="hint">
        {t("LongBench-Write JSONL (one {prompt, type, length} object per line), any JSONL, or CSV with a header row.")}
      </p>
      <div className="form-grid">
        <UploadFileField id={id} accept=".jsonl,.json,.csv" refused={refused} onFile={(e) => void onFile(e)} />
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("Set name")}</label>
          <input
            id={`${id}-name`}
            required
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setNameEdited(true);
              changed();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-format`}>{t("Format")}</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as ImportFormat);
              changed();
            }}
          >
            {importFormats.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f]()}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ranges`}>{t("Length range bounds")}</label>
          <input
            id={`${id}-ranges`}
            value={bounds}
            aria-describedby={`${id}-ranges-hint`}
            onChange={(e) => {
              setBounds(e.target.value);
              changed();
            }}
          />
          <span id={`${id}-ranges-hint`} className="hint">
            {t("Lower bounds; the last range is open. Default: LongBench-Write's.")}
          </span>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-description`}>{t("Description (optional)")}</label>
          <input id={`${id}-description`} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      {format !== "longbench" && (
        <ColumnMappingFields
          value={mapping}
          columns={columns}
          onChange={(next) => {
            setMapping(next);
            changed();
          }}
        />
      )}
      <ImportError error={error} />
      <div className="actions">
        <button type="button" onClick={() => void send(true)} disabled={busy !== null || !file}>
          {busy === "preview" ? t("Previewing…") : t("Preview")}
        </button>
        <button type="submit" className="button-primary" disabled={busy !== null || !file}>
          {t("Import")}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t("Cancel")}
        </button>
        {busy === "import" && (
          <span className="muted" aria-live="polite">
            {t("Importing…")}
          </span>
        )}
      </div>
      {preview && <ImportPreview result={preview} />}
    </form>
  );
}
