import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextItemResponseSchema } from "../../shared/schemas/campaigns";
import { createWorkspace } from "../helpers/factories";
import { chooseTransport, countWaits, pgTransports } from "../helpers/pg-transports";
import { password, testApp, type TestApp } from "../helpers/test-app";

// The annotation queue's round trips on PostgreSQL through libpq (decision 050): a request's reads that do not
// depend on each other go together, writes travel with the next statement waited for. Counted on the binding,
// with the statements prepared already (the first request of a connection prepares its statements). Runs in the
// PostgreSQL pass (LONGPREF_TEST_PG).

const libpq = pgTransports.find((t) => t.transport === "libpq")!;

describe.skipIf(libpq.skip)("the annotation queue's round trips through libpq", () => {
  let restore: () => void;
  let t: TestApp;
  beforeAll(() => {
    restore = chooseTransport("libpq");
    t = testApp();
  });
  afterAll(() => {
    t.close();
    restore();
  });

  it("next-item in 5 (session included), submit in 6", async () => {
    const w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6 });
    const admin = request.agent(t.app);
    await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "trips", set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, settings: {} })
      .expect(201);
    const campaignId = created.body.campaign.id as number;
    await t.user("ann", "annotator");
    const ann = request.agent(t.app);
    await ann.post("/api/auth/login").send({ username: "ann", password }).expect(200);

    const waits = countWaits();
    try {
      const trips: number[] = [];
      for (let i = 0; i < 3; i++) {
        waits.counter.waits = 0;
        waits.counter.on = true;
        const item = NextItemResponseSchema.parse((await ann.post(`/api/annotate/campaigns/${campaignId}/next`).expect(200)).body).item!;
        trips.push(waits.counter.waits);
        waits.counter.waits = 0;
        await ann
          .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
          .send({ verdict: "left", time_ms: 9000, coverage_left: 1, coverage_right: 1, idempotency_key: `round-trips-${i}` })
          .expect(201);
        trips.push(waits.counter.waits);
        waits.counter.on = false;
      }
      // The first pair prepares its statements; the others run them by name.
      expect(trips.slice(2)).toEqual([5, 6, 5, 6]);
    } finally {
      waits.restore();
    }
  });
});
