import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadModelsFile } from "../../server/sampling/models-file";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());
const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "longpref-models-")), "models.json");
  writeFileSync(path, content);
  return path;
};

describe("models config file", () => {
  it("creates models by name at start and updates them on the next start", () => {
    t = testApp();
    const first = file(JSON.stringify({ models: [{ name: "vllm", base_urls: ["http://gpu:8000/v1"], model: "glm", max_in_flight: 64 }] }));
    expect(loadModelsFile(t.ctx, first)).toEqual(["vllm"]);
    expect(t.ctx.models.findByName("vllm")).toMatchObject({ source: "config", max_in_flight: 64, params: { temperature: 0.5 } });
    const second = file(JSON.stringify({ models: [{ name: "vllm", base_urls: ["http://gpu:8001/v1"], model: "glm", temperature: 0.7 }] }));
    loadModelsFile(t.ctx, second);
    expect(t.ctx.models.list()).toHaveLength(1);
    expect(t.ctx.models.findByName("vllm")).toMatchObject({ base_urls: ["http://gpu:8001/v1"], params: { temperature: 0.7 } });
  });

  it("does nothing without a file and names what is wrong in a bad one", () => {
    t = testApp();
    expect(loadModelsFile(t.ctx, "/nonexistent/models.json")).toEqual([]);
    expect(() => loadModelsFile(t.ctx, file("{"))).toThrow(/not JSON/);
    expect(() => loadModelsFile(t.ctx, file(JSON.stringify({ models: [{ name: "x", base_urls: ["nope"], model: "m" }] })))).toThrow(
      /models\.0\.base_urls\.0/,
    );
    expect(t.ctx.models.list()).toEqual([]);
  });
});
