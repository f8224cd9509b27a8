import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The import direction of docs/decisions/010-layers-and-errors.md, read from the server's own import
// statements (type-only and dynamic imports included: a type import is a dependency a reader follows too).
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Edge {
  /** Repository-relative paths, e.g. server/work/runner.ts -> server/llm/chat-client. */
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import of every server file; packages and node: modules are left out. */
function serverImports(): Edge[] {
  return sourceFiles("server").flatMap((from) =>
    ts
      .preProcessFile(readFileSync(join(root, from), "utf8"), true, true)
      .importedFiles.map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => ({ from, to: relative(root, resolve(root, dirname(from), spec)) })),
  );
}

/** A top-level part of the server: a folder (server/work) or a file at the top (server/context). */
function part(path: string): string {
  const [top, second, third] = path.split("/");
  if (top !== "server") return top!;
  return third === undefined ? `server/${second!.replace(/\.[a-z]+$/, "")}` : `server/${second}`;
}

/** Groups of parts that import each other, directly or round a loop (Tarjan's strongly connected components). */
function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [part(from), part(to)];
    if (a !== b) next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the server's imports go one way (routes -> domain -> repos -> db)", () => {
  const edges = serverImports();

  it("reads the imports it checks, type-only ones included", () => {
    expect(edges).toContainEqual({ from: "server/db/repos/users.ts", to: "server/db/open" });
    expect(edges).toContainEqual({ from: "server/work/runner.ts", to: "server/context" });
  });

  it("imports server/http only from the routes, the http layer itself and app.ts", () => {
    const outside = edges.filter(
      (e) => e.to.startsWith("server/http/") && !/^server\/(routes|http)\//.test(e.from) && e.from !== "server/app.ts",
    );
    expect(outside.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("keeps server/db (connection, migrations, repositories) on server/db and shared/ alone", () => {
    const leaks = edges.filter((e) => e.from.startsWith("server/db/") && !/^(server\/db|shared)\//.test(e.to));
    expect(leaks.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("has no cycle between the server's top-level folders and files", () => {
    expect(cycles(edges)).toEqual([]);
  });

  it("would see a cycle", () => {
    const loop = [
      { from: "server/work/runner.ts", to: "server/sampling/sampling-queue" },
      { from: "server/sampling/sampling-queue.ts", to: "server/judging/template" },
      { from: "server/judging/template.ts", to: "server/work/queue" },
    ];
    expect(cycles(loop)).toEqual([["server/judging", "server/sampling", "server/work"]]);
  });
});
