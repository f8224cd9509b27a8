import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The Chinese interface is complete for every t("…") the client calls, and each entry keeps its placeholders.
const root = fileURLToPath(new URL("../../client/src", import.meta.url));
const zhDir = path.join(root, "locales/zh");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/**
 * Every literal key passed to t(…), with where it was found; and for countOf(n, "noun") the key Chinese counts
 * are read from, "{{count}} nouns" (common/format.ts).
 */
function usedKeys(): { key: string; where: string }[] {
  return files(root).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const where = path.relative(root, file);
    const keys = [...text.matchAll(/\bt\(\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    const nouns = [...text.matchAll(/\bcountOf\((?:[^()"]|\([^()]*\))*?,\s*"([^"]+)"\s*\)/g)].map((m) => `{{count}} ${m[1]}s`);
    return [...keys, ...nouns].map((key) => ({ key, where }));
  });
}

// Subfolders too (i18n.ts globs locales/zh/**): a folder holds at most 30 files.
function dictionaries(): { file: string; entries: Record<string, string> }[] {
  return readdirSync(zhDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((file) => ({ file, entries: JSON.parse(readFileSync(path.join(zhDir, file), "utf8")) as Record<string, string> }));
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("Chinese dictionaries", () => {
  const merged = new Map<string, { value: string; file: string }>();
  const conflicts: string[] = [];
  for (const { file, entries } of dictionaries()) {
    for (const [key, value] of Object.entries(entries)) {
      const before = merged.get(key);
      if (before && before.value !== value) conflicts.push(`${key}: ${before.file} vs ${file}`);
      merged.set(key, { value, file });
    }
  }

  it("agree with each other where two topics translate the same text", () => {
    expect(conflicts).toEqual([]);
  });

  it('have an entry for every t("…") key in the client', () => {
    const missing = usedKeys()
      .filter(({ key }) => !merged.has(key))
      .map(({ key, where }) => `${where}: ${key}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("keep every placeholder of the English text, and translate it", () => {
    const wrong = [...merged].filter(([key, { value }]) => placeholders(key).join() !== placeholders(value).join() || value.trim() === "");
    expect(wrong.map(([key]) => key)).toEqual([]);
  });
});
