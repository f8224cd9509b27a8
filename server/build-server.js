// Bundles the server and the CLI ahead of time (`npm run build:server`, run by `npm install`/`npm ci` as the
// `prepare` step): esbuild turns server/ + shared/ into dist/server/{cli,server}.js plus one file per worker
// thread entry, so a start loads plain JavaScript instead of compiling ~270 TypeScript files (2+ s of CPU).
// Packages stay external (node_modules is loaded as usual, native better-sqlite3 included). Offline, no
// network: safe in `npm install <pkg>` too.
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { distDir, entries, manifestFile, projectRoot, staleReason } from "./prebuilt-manifest.js";

const thisFile = fileURLToPath(import.meta.url);
const posix = (path) => path.split(sep).join("/");
const fromRoot = (path) => posix(relative(projectRoot, path));

// A worker thread's entry is named by `new URL("./x-worker.ts", import.meta.url)` (server/workers/start.ts
// runs it): bundled on its own, and that URL pointed at the bundle.
const workerUrl = /new URL\("(\.{1,2}\/[^"]+\.ts)",\s*import\.meta\.url\)/g;
const workerName = (file) => fromRoot(file).replace(/\.ts$/, "").replaceAll("/", "-");

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

function workerEntries() {
  const found = new Set();
  for (const file of sourceFiles(join(projectRoot, "server"))) {
    for (const [, rel] of readFileSync(file, "utf8").matchAll(workerUrl)) found.add(resolve(dirname(file), rel));
  }
  return [...found];
}

// Packages loaded from node_modules at run time: native code, or files found next to their own sources.
const external = ["better-sqlite3", "vite", "@vitejs/*", "tsx", "esbuild", "rolldown"];
// Bundled CommonJS packages `require` node's builtins; an ES module has no `require` of its own.
const requireShim = 'import { createRequire as __longprefRequire } from "node:module"; const require = __longprefRequire(import.meta.url);';

const loaders = { ".ts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js" };

/**
 * Every project file goes through here: its size and mtime are recorded as read (an edit during the build
 * then shows as a change), and `import.meta.url` is made to mean the source file's URL again, so files read
 * next to the code (migrations, templates, package.json, demo data) are found and read as they are now.
 */
function projectFiles(seen) {
  return {
    name: "longpref-project-files",
    setup(build) {
      build.onLoad({ filter: /\.(tsx?|m?js)$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const fd = openSync(args.path, "r");
        let source;
        try {
          const stat = fstatSync(fd);
          seen[fromRoot(args.path)] = [stat.mtimeMs, stat.size];
          source = readFileSync(fd, "utf8");
        } finally {
          closeSync(fd);
        }
        const contents = source.replace(/new URL\("(\.{1,2}\/[^"]+\.ts)",\s*import\.meta\.url\)|import\.meta\.url/g, (_match, rel) => {
          if (rel) return `new URL("./${workerName(resolve(dirname(args.path), rel))}.js", import.meta.url)`;
          return `new URL(${JSON.stringify(posix(relative(distDir, args.path)))}, import.meta.url).href`;
        });
        return { contents, loader: loaders[extname(args.path)] };
      });
    },
  };
}

// Written next to the target, then renamed over it: a process starting meanwhile reads the old file or the
// new one, never half of one (parallel tests may rebuild at the same moment).
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

const isEntry = (path) => !path.slice(distDir.length + 1).startsWith("chunk-");

// Chunks of earlier builds, once no process can still be loading them (a start reads its chunks at once).
function removeOldChunks(current) {
  for (const name of readdirSync(distDir)) {
    const path = join(distDir, name);
    if (!current.has(path) && name.startsWith("chunk-") && statSync(path).mtimeMs < Date.now() - 10 * 60_000) rmSync(path, { force: true });
  }
}

function statOf(path) {
  const stat = statSync(path);
  return [stat.mtimeMs, stat.size];
}

/** Builds every bundle and, last, the manifest that says they are fresh. Throws esbuild's errors. */
export async function buildServer() {
  const { build } = await import("esbuild");
  const seen = {};
  const points = [
    ...Object.entries(entries).map(([out, source]) => ({ in: join(projectRoot, source), out })),
    ...workerEntries().map((file) => ({ in: file, out: workerName(file) })),
  ];
  const result = await build({
    entryPoints: points,
    outdir: distDir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages are bundled too: loading ~1,000 files of undici, zod... one by one cost more than the
    // rest of a start. Native or self-locating ones stay external.
    external,
    banner: { js: requireShim },
    // Shared code in chunks next to the entries (same folder: the import.meta.url rewriting holds for them).
    splitting: true,
    chunkNames: "chunk-[hash]",
    // Smaller to read and compile at each start; names kept, so a stack trace still reads (no source maps:
    // LONGPREF_PREBUILT=0 runs the sources themselves).
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    write: false,
    logLevel: "silent",
    plugins: [projectFiles(seen)],
  });
  // Chunks before the entries that import them, the manifest last.
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const file of files) writeAtomically(file.path, file.contents);
  const inputs = { ...seen };
  // The packages bundled in change with an install (the lockfile npm keeps in node_modules records it).
  for (const file of [thisFile, "server/prebuilt-manifest.js", "tsconfig.json", "package-lock.json", "node_modules/.package-lock.json"].map(
    (f) => resolve(projectRoot, f),
  )) {
    if (existsSync(file)) inputs[fromRoot(file)] = statOf(file);
  }
  const outputs = result.outputFiles.map((f) => fromRoot(f.path));
  writeAtomically(manifestFile, `${JSON.stringify({ outputs, inputs })}\n`);
  removeOldChunks(new Set(files.map((f) => f.path)));
  return { outputs, inputs: Object.keys(inputs).length };
}

// `node server/build-server.js [--if-stale] [--prepare]`. --prepare (npm's prepare step) warns instead of
// failing: an install must not break on a source being edited, and a start rebuilds or falls back to tsx.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(thisFile)) {
  const flags = process.argv.slice(2);
  const reason = staleReason();
  if (flags.includes("--if-stale") && reason === null) process.exit(0);
  const started = performance.now();
  try {
    const built = await buildServer();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`Server and CLI bundled into ${fromRoot(distDir)} (${built.inputs} sources, ${seconds} s)`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`Could not bundle the server and CLI: ${message}`);
    if (!flags.includes("--prepare")) process.exit(1);
    console.error("They will run from the TypeScript sources (slower starts) until `npm run build:server` succeeds.");
  }
}
