import type { ImportFormat } from "../../../../shared/schemas/import";
import { formatUploadLimit, type UploadLimit } from "../../../../shared/schemas/limits";
import { t } from "../../common/i18n";

/**
 * Why a chosen file cannot be sent, known before reading or sending it: it is empty, or larger than the
 * server's upload limit (a request body over it would be sent in full only to be refused). Null when fine.
 */
export function fileProblem(file: { size: number }, limit: UploadLimit | undefined): string | null {
  if (file.size === 0) return t("The file is empty.");
  if (limit && file.size > limit.max_upload_bytes) {
    return t(
      "The file is {{size}}, over the server's upload limit of {{limit}}. An administrator can raise the limit with the {{setting}} setting.",
      {
        size: formatUploadLimit(file.size),
        limit: formatUploadLimit(limit.max_upload_bytes),
        setting: limit.setting,
      },
    );
  }
  return null;
}

/** A file of blank lines (or a byte-order mark alone) holds nothing either. */
export const blankContent = (content: string) => content.replace(/^\uFEFF/, "").trim() === "";

/** "longbench_write.jsonl" -> "longbench_write". */
export function setNameFromFileName(fileName: string): string {
  return fileName.replace(/\.(jsonl|json|csv)$/i, "").trim() || fileName;
}

function firstLine(content: string): string {
  return content.split(/\r?\n/).find((line) => line.trim() !== "") ?? "";
}

function firstObject(content: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(firstLine(content));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** CSV files are CSV; JSON lines shaped like LongBench-Write ({prompt, type, length}) are "longbench". */
export function detectFormat(fileName: string, content: string): ImportFormat {
  if (/\.csv$/i.test(fileName)) return "csv";
  const first = firstObject(content);
  if (first && "prompt" in first && "type" in first && "length" in first) return "longbench";
  return "jsonl";
}

/** Column names found in the file, offered as suggestions for the column mapping. */
export function columnsOf(format: ImportFormat, content: string): string[] {
  if (format === "csv") return splitCsvHeader(firstLine(content));
  return Object.keys(firstObject(content) ?? {});
}

// Only the header row, for suggestions: the server does the real parsing.
function splitCsvHeader(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === "," && !quoted) {
      cells.push(cell.trim());
      cell = "";
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells.filter((c) => c !== "");
}
