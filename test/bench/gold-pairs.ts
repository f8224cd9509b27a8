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
  // Rounds of 10 careless and 10 careful annotators, each a campaign of its own (k ≤ 20: everyone judges everything).
  const rounds = 5;
  for (const [label, verdicts, base] of [
    ["careless = any verdict at random", undefined, 100],
    ["careless = left or right at random", ["left", "right"] as const, 200],
  ] as const) {
    const start = performance.now();
    let within20 = 0;
    let carefulFlagged = 0;
    let judgments = Infinity;
    const at: number[] = [];
    const gold: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const f = await simulateGold(ctx, { careless: 10, careful: 10, instructions: 40, seed: base + r, carelessVerdicts: verdicts });
      within20 += f.carelessFlaggedWithin20;
      carefulFlagged += f.carefulFlagged;
      judgments = Math.min(judgments, f.judgmentsEach);
      at.push(...f.carelessFlaggedAt.filter((n): n is number => n !== null));
      gold.push(...f.goldInFirst20);
    }
    at.sort((a, b) => a - b);
    gold.sort((a, b) => a - b);
    const n = rounds * 10;
    console.log(
      `gold pairs (${label}; ${rule}; rate 0.3): careless flagged within 20 judgments ${within20}/${n} ` +
        `(median at judgment ${at[Math.floor(at.length / 2)] ?? "-"}, latest ${at.at(-1) ?? "-"}, never ${n - at.length}); ` +
        `careful (95% right on gold) flagged ${carefulFlagged}/${n} over ${judgments}+ judgments each; gold items in the first 20: ${gold[0]}–${gold.at(-1)} ` +
        `(${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
