import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Migration 012 renamed judgments -> judge_scores and annotations -> human_judgments (decision 009). The
// deprecated view `annotations` still answers reads, so a query left on an old name would work by accident
// (and without the `verdict` column): no code may name the old tables in SQL.
const root = fileURLToPath(new URL("../../", import.meta.url));
const codeFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? codeFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const oldTableInSql = [
  /\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+(annotations|judgments)\b/,
  /["'`](annotations|judgments)\s+[a-z]\s+(CROSS|JOIN|LEFT|WHERE)\b/,
  /\b[ax]\.outcome\b/,
];

describe("old table names", () => {
  it("appear in no SQL of server/ or test/ (the migration 012 test, which writes a database at 011, aside)", () => {
    const files = [...codeFiles("server"), ...codeFiles("test")].filter(
      (f) => !f.endsWith("migration-012.test.ts") && !f.endsWith("old-table-names.test.ts"),
    );
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((f) =>
      readFileSync(join(root, f), "utf8")
        .split("\n")
        .flatMap((line, i) => (oldTableInSql.some((re) => re.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
