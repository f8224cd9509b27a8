import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { removeAbandonedSets, writeSetInChunks } from "../../server/instructions/chunked-write";
import { chunkRows, chunkSet } from "../helpers/chunk-rows";
import { testApp, type TestApp } from "../helpers/test-app";

// Sets are imported and deleted in short chunks (migration 010): hidden until published, hidden at once when
// deleted, and what a dead importer left is removed at the next start while a live one's is kept.
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const rows = chunkRows;
const newSet = chunkSet;
const count = (sql: string) => (t!.db.prepare(sql).get() as { n: number }).n;

describe("instruction sets written and removed in chunks", () => {
  it("keeps a set invisible to every list and query until its last chunk publishes it", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const ctx = t.ctx;
    const seenWhileWriting: unknown[] = [];
    // Between chunks other requests run: what they see of the set being written is recorded.
    const writing = writeSetInChunks(ctx, newSet("chunked"), rows(30_000));
    for (let i = 0; i < 5_000 && count("SELECT COUNT(*) AS n FROM instructions") === 0; i++) await new Promise((r) => setImmediate(r));
    const hiddenId = (t.db.prepare("SELECT id FROM instruction_sets WHERE status = 'importing'").get() as { id: number }).id;
    expect(count("SELECT COUNT(*) AS n FROM instructions")).toBeGreaterThan(0);
    seenWhileWriting.push(
      (await agent.get("/api/instruction-sets")).body.items,
      (await agent.get(`/api/instruction-sets/${hiddenId}`)).status,
      (await agent.get("/api/instructions").query({ set: hiddenId })).body.total,
      (await agent.get("/api/instructions")).body.total,
      ctx.sets.findByName("chunked"),
    );
    expect(seenWhileWriting).toEqual([[], 404, 0, 0, undefined]);
    const id = await writing;
    expect(id).toBe(hiddenId);
    expect(ctx.sets.get(id)).toMatchObject({ name: "chunked", instruction_count: 30_000 });
    expect((await agent.get("/api/instructions").query({ set: id })).body.total).toBe(30_000);
  });

  it("refuses to publish under a name taken meanwhile and removes its rows", async () => {
    t = testApp();
    const writing = writeSetInChunks(t.ctx, newSet("twice"), rows(20_000));
    await writeSetInChunks(t.ctx, newSet("twice"), rows(10));
    await expect(writing).rejects.toMatchObject({ kind: "conflict" });
    expect(t.ctx.sets.list().map((s) => [s.name, s.instruction_count])).toEqual([["twice", 10]]);
    expect(count("SELECT COUNT(*) AS n FROM instructions")).toBe(10);
    expect(count("SELECT COUNT(*) AS n FROM instruction_sets")).toBe(1);
  });

  it("deletes a set: gone and its name free at once, its rows removed in chunks", async () => {
    t = testApp();
    const agent = await t.agentAs("admin");
    const id = await writeSetInChunks(t.ctx, newSet("doomed"), rows(10_000));
    const deleting = agent.delete(`/api/instruction-sets/${id}`).then((r) => r.status);
    // The request runs in this process: wait until it has hidden the set, then look while rows remain.
    while (count("SELECT COUNT(*) AS n FROM instruction_sets WHERE status = 'deleting'") === 0) await new Promise((r) => setImmediate(r));
    expect(t.ctx.sets.findByName("doomed")).toBeUndefined();
    expect(await deleting).toBe(200);
    expect(count("SELECT COUNT(*) AS n FROM instructions")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM instruction_sets")).toBe(0);
    expect((await agent.delete(`/api/instruction-sets/${id}`)).status).toBe(404);
  });

  it("removes at start what a dead importer left and keeps what a live one is writing", async () => {
    t = testApp();
    const sets = t.ctx.sets;
    const now = new Date();
    // A process that exited (its pid is free) and one still running, both on this host.
    const exited = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => exited.on("exit", r));
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const dead = sets.createImporting(newSet("dead"), " importing dead", `${hostname()} ${exited.pid}`, now);
      const live = sets.createImporting(newSet("live"), " importing live", `${hostname()} ${alive.pid}`, now);
      const stale = sets.createImporting(newSet("stale"), " importing stale", `elsewhere 1`, new Date(now.getTime() - 10 * 60_000));
      for (const id of [dead, live, stale]) t.ctx.instructions.insertMany(id, rows(3));
      expect(await removeAbandonedSets(t.ctx)).toBe(2);
      expect(sets.hidden().map((s) => s.id)).toEqual([live]);
      expect(count("SELECT COUNT(*) AS n FROM instructions")).toBe(3);
    } finally {
      alive.kill();
    }
  });
});
