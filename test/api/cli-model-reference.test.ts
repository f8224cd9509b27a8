import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { createOutputs, createSet } from "../helpers/factories";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

describe("npx longpref model add --reference without a base URL", () => {
  it("makes a model whose outputs were imported the reference, and refuses to sample from it", { timeout: 60_000 }, async () => {
    t = testApp();
    const set = createSet(t.ctx, { name: "essays", instructions: 3 });
    createOutputs(t.ctx, set, [{ name: "gpt4o", samples: 1 }]);
    expect(t.ctx.models.findByName("gpt4o")).toMatchObject({ base_urls: [], is_reference: false });

    const marked = await runCli(["model", "add", "gpt4o", "--reference", "--db", t.dbPath]);
    expect(marked.stderr).toBe("");
    expect(marked.status).toBe(0);
    expect(marked.stdout).toContain('Model "gpt4o" is now a reference model (3 outputs)');
    expect(t.ctx.models.findByName("gpt4o")).toMatchObject({ base_urls: [], is_reference: true });

    // A new name: registered without an endpoint, for its outputs to be imported.
    const added = await runCli(["model", "add", "claude-ref", "--reference", "--db", t.dbPath]);
    expect(added.status).toBe(0);
    expect(t.ctx.models.findByName("claude-ref")).toMatchObject({ base_urls: [], is_reference: true, model: "claude-ref" });

    // Without --reference a base URL is still required, and endpoint options need one.
    const bare = await runCli(["model", "add", "other", "--db", t.dbPath]);
    expect(bare.status).toBe(2); // usage errors (decision 033)
    expect(bare.stderr).toContain("--base-url: required");
    const keyed = await runCli(["model", "add", "other", "--reference", "--api-key-env", "LONGPREF_KEY_X", "--db", t.dbPath]);
    expect(keyed.status).toBe(2);
    expect(keyed.stderr).toContain("--api-key-env: only with --base-url");
    expect(t.ctx.models.findByName("other")).toBeUndefined();

    const sampled = await runCli(["sample", "--set", "essays", "--model", "gpt4o", "--db", t.dbPath]);
    expect(sampled.status).toBe(1);
    expect(sampled.stderr).toContain('model "gpt4o" has no base URL');
  });
});
