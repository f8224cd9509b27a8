import { afterEach, describe, expect, it } from "vitest";
import { UploadLimitSchema } from "../../shared/schemas/limits";
import { defaultLengthRanges } from "../../shared/instructions/length-range";
import { parseImport } from "../../server/instructions/parse-import";
import { createSet } from "../helpers/factories";
import { testApp, type TestApp } from "../helpers/test-app";

// Issue 15: an empty file was reported as "no prompt column"; an oversize upload was refused without naming the limit.

let t: TestApp;
afterEach(() => t?.close());

describe("uploads", () => {
  // Each import starts a worker thread: slow on a loaded machine.
  it("refuses an empty file as empty, for instructions and for outputs", { timeout: 90_000 }, async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    const res0 = await admin.post("/api/instruction-sets/import").send({ name: "empty", format: "csv", content: "" }).expect(400);
    expect(res0.body.details.lines).toEqual([{ line: 1, message: "the file is empty" }]);
    // Blank lines or a lone byte-order mark are empty too, whatever the format (parsed here without a worker).
    for (const content of ["\n  \n", "\uFEFF"]) {
      for (const format of ["jsonl", "csv", "longbench"] as const) {
        expect(parseImport(content, format, {}, defaultLengthRanges)).toEqual({
          ok: false,
          errors: [{ line: 1, message: "the file is empty" }],
        });
      }
    }
    const set = createSet(t.ctx, { name: "s", instructions: 2 });
    const res = await admin.post("/api/outputs/import").send({ set_id: set.id, model_name: "m", content: " \n" }).expect(400);
    expect(res.body.details.lines).toEqual([{ line: 1, message: "the file is empty" }]);
  });

  it("tells signed-in users the upload limit and its setting, and names both when refusing a body over it", {
    timeout: 90_000,
  }, async () => {
    t = testApp({ maxBodyBytes: 4096 });
    const admin = await t.agentAs("researcher");
    const limit = UploadLimitSchema.parse((await admin.get("/api/limits/upload").expect(200)).body);
    expect(limit).toEqual({ max_upload_bytes: 4096, setting: "LONGPREF_MAX_UPLOAD_MB" });
    const big = { name: "big", format: "jsonl", content: `{"prompt":"${"x".repeat(5000)}"}` };
    for (const path of ["/api/instruction-sets/import", "/api/outputs/import"]) {
      const res = await admin.post(path).send(big).expect(413);
      expect(res.body.message).toContain("LONGPREF_MAX_UPLOAD_MB");
      expect(res.body.message).toContain("4096 bytes");
    }
    const anonymous = await import("supertest").then((m) => m.default(t.app));
    await anonymous.get("/api/limits/upload").expect(401);
  });
});
