import { describe, expect, it } from "vitest";
import { isDecided, judgmentsWanted } from "../../server/campaigns/k-target";

const v = (a_wins: number, b_wins: number, ties = 0, both_bad = 0) => ({ a_wins, b_wins, ties, both_bad });

// Decision 037: decided once the leader stays strictly ahead even if every judgment left to k_max went to the runner-up.
describe("adaptive k's rule", () => {
  it("decides two agreeing verdicts at k_min 2 / k_max 3, whatever the verdict, and asks a third on a split", () => {
    for (const agree of [v(2, 0), v(0, 2), v(0, 0, 2), v(0, 0, 0, 2)]) {
      expect(isDecided(agree, 2, 3)).toBe(true);
      expect(judgmentsWanted(agree, 2, 3)).toBe(2);
    }
    expect(isDecided(v(1, 1), 2, 3)).toBe(false);
    expect(judgmentsWanted(v(1, 0, 1), 2, 3)).toBe(3);
    expect(judgmentsWanted(v(0, 0), 2, 3)).toBe(2);
  });

  it("always wants exactly k when k_min = k_max = k", () => {
    for (const k of [1, 3, 5])
      for (const counts of [v(0, 0), v(1, 0), v(2, 0), v(1, 1, 1)]) {
        const n = counts.a_wins + counts.b_wins + counts.ties;
        if (n <= k) expect(judgmentsWanted(counts, k, k)).toBe(k);
      }
  });

  it("asks only what can still decide with a wider range", () => {
    // k_max 5: 3–0 decides (3 > 0 + 2), 2–0 does not (2 > 0 + 3 fails) and wants one more.
    expect(isDecided(v(3, 0), 2, 5)).toBe(true);
    expect(judgmentsWanted(v(2, 0), 2, 5)).toBe(3);
    expect(judgmentsWanted(v(0, 0), 1, 5)).toBe(3);
    // A split at k_max is complete (no more wanted), with no leader.
    expect(isDecided(v(1, 1, 1), 2, 3)).toBe(true);
  });
});
