import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeDatasetInfo, readDatasetInfoEntries } from "../../server/export/dataset-info";
import { runCli } from "../helpers/cli";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// LLaMA-Factory lists every dataset of its dataset_dir in ONE dataset_info.json: the entry of an export is
// downloaded under a name of its own and merged into that file, never saved over it.

let t: TestApp;
let w: Workspace;
afterAll(() => t?.close());
beforeAll(async () => {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 4 });
});

const query = () => ({ from: "proposals", run: String(w.pairRunId), format: "llama-factory-sharegpt" });

describe("the dataset_info.json entry download", () => {
  it("is named NAME.dataset_info.json, never dataset_info.json, and is for researchers only", async () => {
    const admin = await t.agentAs("admin", "admin2");
    const name = `longpref-proposals-run${w.pairRunId}-llama-factory-sharegpt`;
    const res = await admin.get("/api/exports/dataset-info").query(query()).expect(200);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="${name}.dataset_info.json"`);
    expect(res.body).toEqual({
      [name]: {
        file_name: `${name}.jsonl`,
        formatting: "sharegpt",
        ranking: true,
        columns: { messages: "conversations", chosen: "chosen", rejected: "rejected" },
      },
    });
    // The test side of a split: its own name, its own file.
    const test = await admin
      .get("/api/exports/dataset-info")
      .query({ ...query(), test_share: "0.5", split: "test" })
      .expect(200);
    expect(test.headers["content-disposition"]).toBe(`attachment; filename="${name}_test.dataset_info.json"`);
    expect(Object.values(test.body)).toMatchObject([{ file_name: `${name}.test.jsonl` }]);

    const annotator = await t.agentAs("annotator");
    await annotator.get("/api/exports/dataset-info").query(query()).expect(403);
  });
});

describe("longpref dataset-info merge", () => {
  it("adds a downloaded entry to a dataset_info.json, keeps the others, and replaces a different one only with --force", async () => {
    const admin = await t.agentAs("admin", "admin3");
    const downloaded = (await admin.get("/api/exports/dataset-info").query(query()).expect(200)).body as Record<string, object>;
    const [name] = Object.keys(downloaded);
    const dir = mkdtempSync(join(tmpdir(), "longpref-dataset-info-"));
    const file = join(dir, `${name}.dataset_info.json`);
    writeFileSync(file, JSON.stringify(downloaded));
    const into = join(dir, "dataset_info.json");
    const theirs = { alpaca_en_demo: { file_name: "alpaca_en_demo.json" }, hub: { hf_hub_url: "org/data", ranking: true } };
    writeFileSync(into, JSON.stringify(theirs, null, 2));

    const merged = await runCli(["dataset-info", "merge", file, "--into", into, "--json"]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toEqual({ into, added: [name], replaced: [], unchanged: [] });
    expect(JSON.parse(readFileSync(into, "utf8"))).toEqual({ ...theirs, ...downloaded });

    // Again: nothing to do, not an error.
    expect(mergeDatasetInfo(into, readDatasetInfoEntries(file), { force: false })).toMatchObject({ added: [], unchanged: [name] });

    // A different entry of the same name (another export under that name) is not replaced silently.
    const before = readFileSync(into, "utf8");
    const other = join(dir, "other.dataset_info.json");
    writeFileSync(other, JSON.stringify({ [name!]: { file_name: "elsewhere/pairs.jsonl", ranking: true } }));
    const refused = await runCli(["dataset-info", "merge", other, "--into", into]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`already has a different entry named ${name}`);
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(into, "utf8")).toBe(before);
    const forced = await runCli(["dataset-info", "merge", other, "--into", into, "--force", "--json"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ replaced: [name] });
    expect(JSON.parse(readFileSync(into, "utf8"))).toEqual({ ...theirs, [name!]: { file_name: "elsewhere/pairs.jsonl", ranking: true } });
    expect(existsSync(`${into}.partial`)).toBe(false);

    // A dataset_info.json that does not exist yet is created.
    const fresh = join(dir, "fresh_info.json");
    mergeDatasetInfo(fresh, readDatasetInfoEntries(file), { force: false });
    expect(JSON.parse(readFileSync(fresh, "utf8"))).toEqual(downloaded);
  }, 120_000);

  it("refuses what is not a file of entries, naming the problem, and leaves the target untouched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "longpref-dataset-info-bad-"));
    const into = join(dir, "dataset_info.json");
    const kept = '{"keep": {"file_name": "keep.json"}}\n';
    writeFileSync(into, kept);
    const cases: [string, string, RegExp][] = [
      ["not-json.json", "{ nope", /not JSON/],
      ["no-file-name.json", JSON.stringify({ pairs: { ranking: true } }), /pairs\.file_name: /],
      ["bad-name.json", JSON.stringify({ "../x y": { file_name: "x.jsonl" } }), /\.\.\/x y: a dataset name of letters/],
      ["empty.json", "{}", /no dataset entry/],
      ["array.json", "[]", /expected record/],
    ];
    for (const [fileName, content, message] of cases) {
      const file = join(dir, fileName);
      writeFileSync(file, content);
      expect(() => mergeDatasetInfo(into, readDatasetInfoEntries(file), { force: true }), fileName).toThrow(message);
    }
    expect(readFileSync(into, "utf8")).toBe(kept);

    // Through the CLI: a target that is not a dataset_info.json is not overwritten, the error is JSON under --json.
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ pairs: { file_name: "pairs.jsonl" } }));
    const notInfo = join(dir, "list.json");
    writeFileSync(notInfo, "[1, 2]");
    const result = await runCli(["dataset-info", "merge", good, "--into", notInfo, "--json"]);
    expect(result.status).not.toBe(0);
    expect(JSON.parse(result.stderr)).toMatchObject({
      error: "bad_request",
      message: expect.stringMatching(/list\.json: .*expected record/),
    });
    expect(readFileSync(notInfo, "utf8")).toBe("[1, 2]");
  });
});
