import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The client's folder rules (docs/decisions/016-client-by-feature.md), checked on the tree as it is.
const root = fileURLToPath(new URL("../../client/src", import.meta.url));
const maxFilesPerFolder = 30;

/** Every folder under client/src (itself included), relative to it, with the files directly in it. */
function folders(dir = root): { folder: string; files: string[] }[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = { folder: path.relative(root, dir) || ".", files: entries.filter((e) => e.isFile()).map((e) => e.name) };
  return [here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => folders(path.join(dir, e.name)))];
}

const sources = folders().flatMap(({ folder, files }) =>
  files.filter((f) => /\.tsx?$/.test(f)).map((f) => path.posix.join(folder.split(path.sep).join("/"), f)),
);

/** Where a file belongs: "common", "features/<name>", or "." for the entry files (App, main). */
function area(file: string): string {
  const [top, name] = file.split("/");
  if (top === "common") return "common";
  if (top === "features" && name !== undefined) return `features/${name}`;
  return ".";
}

/** The client files a source file imports by relative path, relative to client/src. */
function clientImports(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s+["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
    .filter((target) => !target.startsWith(".."));
}

describe("client/src folders", () => {
  it(`hold at most ${maxFilesPerFolder} files each`, () => {
    const crowded = folders()
      .filter(({ files }) => files.length > maxFilesPerFolder)
      .map(({ folder, files }) => `${folder}: ${files.length} files`);
    expect(crowded).toEqual([]);
  });

  it("keep hooks (use-*.ts) in a hooks/ folder of common/ or of one feature", () => {
    const hookPlace = /^(common|features\/[^/]+)\/hooks\/use-[a-z0-9-]+\.tsx?$/;
    const astray = sources.filter((f) => /(^|\/)use-[^/]*\.tsx?$/.test(f) && !hookPlace.test(f));
    const notHooks = sources.filter((f) => /(^|\/)hooks\//.test(f) && !hookPlace.test(f));
    expect({ astray, notHooks }).toEqual({ astray: [], notHooks: [] });
  });

  it("import one way: features use common/, common/ uses no feature, no feature uses another", () => {
    const wrong = sources.flatMap((file) => {
      const from = area(file);
      return clientImports(file)
        .filter((target) => {
          const to = area(target);
          if (from === ".") return false;
          if (to === ".") return true;
          return to !== from && to !== "common";
        })
        .map((target) => `${file} -> ${target}`);
    });
    expect(wrong).toEqual([]);
  });
});
