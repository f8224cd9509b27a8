import { t } from "../../common/i18n";

/** What an outputs file holds, read in the browser before anything is sent: a preview, not the import's checks. */
export interface OutputsFilePreview {
  /** LongWriter prediction files ({prompt, response}) name no model; longpref lines ({instruction_id, model, text}) do. */
  format: "longpref" | "longwriter";
  outputs: number;
  /** Outputs per model, as the import will assign them. */
  byModel: [model: string, outputs: number][];
  /** Lines that are not JSON objects, numbered as the server numbers them (1-based, blank lines counted). */
  badLines: { line: number; message: string }[];
}

/** Reads the file's lines as the server will: one JSON object per non-blank line. */
export function previewOutputsFile(content: string, modelName: string): OutputsFilePreview {
  const counts = new Map<string, number>();
  const badLines: OutputsFilePreview["badLines"] = [];
  let format: OutputsFilePreview["format"] | undefined;
  let outputs = 0;
  content.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      badLines.push({ line: i + 1, message: t("not valid JSON") });
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      badLines.push({ line: i + 1, message: t("not a JSON object") });
      return;
    }
    const fields = value as Record<string, unknown>;
    format ??= "response" in fields ? "longwriter" : "longpref";
    const model = modelName.trim() || (typeof fields.model === "string" ? fields.model.trim() : "");
    if (model === "") {
      badLines.push({ line: i + 1, message: t("names no model: choose one above") });
      return;
    }
    outputs++;
    counts.set(model, (counts.get(model) ?? 0) + 1);
  });
  return { format: format ?? "longpref", outputs, byModel: [...counts.entries()], badLines };
}
