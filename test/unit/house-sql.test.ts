import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Decision 017: every SQL statement lives in a repository under server/db/ (repos/, or the connection and
// backup code there); domain modules, routes and the CLI call repositories. This reads the server's files,
// so a statement written anywhere else fails here, named with its file and line.

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What marks SQL in TypeScript: a prepared statement, a pragma, a raw exec, or a query's text. */
const sqlMarks: [string, RegExp][] = [
  ["prepared statement", /\.prepare\s*[<(]/],
  ["pragma", /\.pragma\s*\(/],
  ["exec of SQL", /\bdb\.exec\s*\(|\.exec\s*\(\s*["'`]/],
  ["SQL text", /\bSELECT\s+[\w*(]|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b/],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every line of a server file outside server/db/ that carries one of the marks, as "file:line: mark". */
function sqlOutsideRepositories(repoRoot: string): string[] {
  const server = join(repoRoot, "server");
  const db = join(server, "db");
  return tsFiles(server)
    .filter((file) => !file.startsWith(`${db}/`))
    .flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          sqlMarks.filter(([, mark]) => mark.test(line)).map(([name]) => `${relative(repoRoot, file)}:${i + 1}: ${name}`),
        ),
    );
}

describe("SQL lives in server/db", () => {
  it("finds no statement, pragma, exec or query text in a server file outside server/db", () => {
    expect(sqlOutsideRepositories(root)).toEqual([]);
  });

  it("recognises each mark it looks for", () => {
    const lines = [
      'ctx.db.prepare("SELECT 1").get()',
      "db.prepare<[number], { id: number }>(sql)",
      'reader.pragma("busy_timeout = 5000")',
      'db.exec("BEGIN EXCLUSIVE; COMMIT")',
      "`SELECT id FROM campaigns WHERE set_id = ?`",
      '"UPDATE comparisons SET taken = taken + 1"',
      "INSERT OR IGNORE INTO campaign_annotators",
      "DELETE FROM human_judgments WHERE id = ?",
    ];
    for (const line of lines)
      expect(
        sqlMarks.some(([, mark]) => mark.test(line)),
        line,
      ).toBe(true);
    const innocent = ["/^Bearer\\s+(\\S+)$/i.exec(header)", "plan.begin(db)", "// select the newest run", "prepareExport(rows, format)"];
    for (const line of innocent)
      expect(
        sqlMarks.some(([, mark]) => mark.test(line)),
        line,
      ).toBe(false);
  });
});
