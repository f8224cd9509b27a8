import { afterEach, describe, expect, it } from "vitest";
import { instructionsText } from "../../client/src/common/jobs/job-summary";
import { countsText } from "../../client/src/common/jobs/job-progress-bar";
import { applyLanguage } from "../../client/src/common/i18n";
import { exportQuery, initialExportDraft, problemText } from "../../client/src/features/exports/export-query";

// Issue 15: texts the shared job screens and the export form build from pieces read in Chinese too; the export
// problems stay in the server's words (the contract) and are translated only where the form shows them.
afterEach(() => applyLanguage("en"));

describe("a job's counts and filter in words", () => {
  it("follow the language", () => {
    const counts = { done: 12, failed: 1, running: 0, queued: 31 };
    expect(countsText(counts)).toBe("12 done · 1 failed · 31 queued");
    expect(instructionsText({})).toBe("all of the set");
    expect(instructionsText({ lang: "en", range: "none" })).toBe("English, no length requirement");
    applyLanguage("zh");
    expect(countsText(counts)).toBe("12 项完成 · 1 项失败 · 31 项排队中");
    expect(instructionsText({})).toBe("整个指令集");
    expect(instructionsText({ lang: "en", range: "none", category: "essay" })).toBe("英文，无长度要求，类型 essay");
  });
});

describe("the export form's problems", () => {
  const query = exportQuery({ ...initialExportDraft, scope: "run:1", testShare: "1.5", minVotes: "0.5", statuses: new Set() });

  it("keep the server's words, and read in Chinese on the form", () => {
    applyLanguage("zh");
    expect(query.problems).toEqual([
      "statuses: Too small: expected array to have >=1 items",
      "min_votes: Invalid input: expected int, received number",
      "test_share: Too big: expected number to be <1",
    ]);
    expect(query.problems.map(problemText)).toEqual(["statuses: 请至少选择一项", "min_votes: 必须是整数", "test_share: 必须 < 1"]);
    expect(problemText("split_seed: Too small: expected number to be >=0")).toBe("split_seed: 必须 ≥ 0");
    applyLanguage("en");
    expect(problemText("split_seed: Too small: expected number to be >=0")).toBe("split_seed: Too small: expected number to be >=0");
  });
});
