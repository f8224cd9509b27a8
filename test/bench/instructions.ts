import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRequiredLength } from "../../shared/instructions/required-length";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { importInstructionSet } from "../../server/instructions/import-set";
import { silentLogger } from "../../server/logger";

// `npm run bench`: figures and ratios, not pass/fail. Each later issue adds its own section.
const fixture = fileURLToPath(new URL("../../../shared/fixtures/longwriter/longbench_write.jsonl", import.meta.url));
const lines = readFileSync(fixture, "utf8").trim().split("\n");

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

// 1. Import: LongBench-Write repeated to 100,000 instructions, lengths parsed from the prompts.
const copies = Math.ceil(100_000 / lines.length);
const content = Array.from({ length: copies }, (_, c) =>
  lines
    .map((l, i) => {
      const { prompt, type } = JSON.parse(l) as { prompt: string; type: string };
      return JSON.stringify({ id: `${c}-${i}`, prompt, type });
    })
    .join("\n"),
).join("\n");
const db = openDatabase(join(mkdtempSync(join(tmpdir(), "longpref-bench-")), "bench.db"));
migrate(db);
const ctx = createContext(db, () => new Date(), silentLogger);
const [, importMs] = time(() =>
  importInstructionSet(ctx, { name: "bench", format: "jsonl", content, mapping: { category: "type" } }, null),
);
const n = copies * lines.length;
console.log(
  `import: ${n} instructions, ${(content.length / 1e6).toFixed(1)} MB in ${importMs.toFixed(0)} ms ` +
    `= ${Math.round(n / (importMs / 1000))} instructions/s`,
);

// 2. Length parsing alone, for its share of the import.
const prompts = lines.map((l) => (JSON.parse(l) as { prompt: string }).prompt);
const [, parseMs] = time(() => {
  for (let c = 0; c < copies; c++) for (const p of prompts) parseRequiredLength(p);
});
console.log(`length parsing: ${Math.round(n / (parseMs / 1000))} prompts/s (${((parseMs / importMs) * 100).toFixed(0)}% of import time)`);

// 3. Browsing: a filtered, counted page over 100,000 instructions.
const queries = [
  { page: 1, page_size: 25 },
  { range: "[4000,∞)", page: 1, page_size: 25 },
  { lang: "zh" as const, category: "News Report", page: 10, page_size: 25 },
  { q: "novel", page: 1, page_size: 25 },
];
for (const q of queries) {
  const runs = 20;
  const [, ms] = time(() => {
    for (let i = 0; i < runs; i++) ctx.instructions.page({ set: 1, ...q });
  });
  console.log(`page ${JSON.stringify(q)}: ${(ms / runs).toFixed(2)} ms`);
}
db.close();
