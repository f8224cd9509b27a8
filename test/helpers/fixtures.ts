import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkBattles } from "../../shared/stats/battle-index";
import type { BattleStats } from "../../shared/stats/battle-stats";

/** A file of ../shared/fixtures (the reference data handed to the project; read, never copied). */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/${relative}`, import.meta.url));
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), "utf8");
}

/** judgments-a: the battle records, checked as `longpref stats` checks them, and the statistics expected of them. */
export function judgmentsA() {
  const expected = JSON.parse(readFixture("judgments-a/expected.json")) as BattleStats;
  const fixture = checkBattles(
    readFixture("judgments-a/judgments.jsonl")
      .trim()
      .split("\n")
      .map((text, i) => ({ line: i + 1, fields: JSON.parse(text) as Record<string, unknown> })),
  );
  return { expected, fixture };
}
