import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goldRule } from "../../server/campaigns/gold-accuracy";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { simulateGold } from "./gold-sim";

// Issue #18's third figure: careless annotators (answering at random) flagged within 20 of their judgments,
// no careful one (95% right on gold) flagged, at gold rate 0.3 through the real queue (decision 039).
const dir = mkdtempSync(join(tmpdir(), "longpref-bench-gold-"));
try {
  const db = openDatabase(join(dir, "bench.db"));
  migrate(db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  const rule = `flag at >= ${goldRule.minGold} gold answers with Wilson 95% upper bound < ${goldRule.flagBelow}`;
  for (const [label, verdicts, seed] of [
    ["careless = any verdict at random", undefined, 11],
    ["careless = left or right at random", ["left", "right"] as const, 12],
  ] as const) {
    const start = performance.now();
    const f = await simulateGold(ctx, { careless: 50, careful: 50, instructions: 60, seed, carelessVerdicts: verdicts });
    const at = f.carelessFlaggedAt.filter((n): n is number => n !== null).sort((a, b) => a - b);
    const gold = [...f.goldInFirst20].sort((a, b) => a - b);
    console.log(
      `gold pairs (${label}; ${rule}): careless flagged within 20 judgments ${f.carelessFlaggedWithin20}/50 ` +
        `(median at judgment ${at[Math.floor(at.length / 2)] ?? "-"}, latest ${at.at(-1) ?? "-"}, never ${50 - at.length}); ` +
        `careful flagged ${f.carefulFlagged}/50 over ${f.judgmentsEach} judgments each; gold items in the first 20: ${gold[0]}–${gold.at(-1)} ` +
        `(${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
