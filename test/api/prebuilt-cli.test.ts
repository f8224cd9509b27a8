import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";

// `npx longpref` and `npm start` run a bundle built ahead of time (server/prebuilt.js): fast, and never stale.
// A small project of the same layout (the real launcher and build script, a two-file CLI) is edited between
// runs, as a developer edits server/*.ts; no tsx in its node_modules until the fallback test adds it, so a
// run that prints anything before then ran the bundle.
const root = fileURLToPath(new URL("../..", import.meta.url));
let project: string;

const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(project, rel)), { recursive: true });
  writeFileSync(join(project, rel), text);
};
const run = () =>
  spawnSync(process.execPath, [join(project, "server/cli/bin.js")], { encoding: "utf8", env: { ...process.env, LONGPREF_PREBUILT: "" } });
const manifest = () => JSON.parse(readFileSync(join(project, "dist/server/manifest.json"), "utf8")) as { inputs: Record<string, unknown> };

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "longpref-prebuilt-"));
  for (const file of ["server/prebuilt.js", "server/prebuilt-manifest.js", "server/build-server.js", "server/cli/bin.js"]) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    copyFileSync(join(root, file), join(project, file));
  }
  write("package.json", '{ "type": "module" }\n');
  write("tsconfig.json", "{}\n");
  write("server/main.ts", 'console.log("server");\n');
  write("server/cli/main.ts", 'import { word } from "./word";\n\nconsole.log(word);\n');
  write("server/cli/word.ts", 'export const word: string = "first";\n');
  mkdirSync(join(project, "node_modules"));
  symlinkSync(join(root, "node_modules/esbuild"), join(project, "node_modules/esbuild"));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the prebuilt CLI", { timeout: 120_000 }, () => {
  it("builds itself on the first run and then runs the bundle, without tsx", () => {
    const first = run();
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("first\n");
    expect(Object.keys(manifest().inputs)).toEqual(expect.arrayContaining(["server/cli/main.ts", "server/cli/word.ts"]));
    expect(run().stdout).toBe("first\n");
  });

  it("runs an edited source at once, even an edit that keeps the file's size", () => {
    write("server/cli/word.ts", 'export const word: string = "second";\n');
    expect(run().stdout).toBe("second\n");
    write("server/cli/word.ts", 'export const word: string = "third!";\n');
    expect(run().stdout).toBe("third!\n");
  });

  it("runs the sources through tsx when the bundle cannot be rebuilt, never the old bundle", () => {
    // esbuild refuses an import it cannot resolve; tsx only fails should the import run.
    write(
      "server/cli/main.ts",
      'import { word } from "./word";\n\nif (process.env.NEVER) await import("./absent");\nconsole.log(word + " via tsx");\n',
    );
    const withoutTsx = run();
    expect(withoutTsx.status).not.toBe(0);
    expect(withoutTsx.stdout).not.toContain("third!");
    symlinkSync(join(root, "node_modules/tsx"), join(project, "node_modules/tsx"));
    expect(run().stdout).toBe("third! via tsx\n");
  });
});

describe("the real CLI's bundle", { timeout: 120_000 }, () => {
  it("answers as the TypeScript sources do (help, version from package.json, a database command)", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "longpref-prebuilt-db-")), "cli.db");
    for (const args of [["--help"], ["--version"], ["ls", "sets", "--json"], ["ls", "nothing"]]) {
      const bundled = await runCli(args, { LONGPREF_DB: dbPath });
      const sources = await runCli(args, { LONGPREF_DB: dbPath, LONGPREF_PREBUILT: "0" });
      expect(bundled, args.join(" ")).toEqual(sources);
    }
    expect(existsSync(join(root, "dist/server/cli.js"))).toBe(true);
  });
});
