import { systemClock } from "../../server/clock";
import { createContext } from "../../server/context";
import { openDatabase } from "../../server/db/open";
import { createJobRunner } from "../../server/job-runner";
import { openAiChat } from "../../server/llm/chat-client";
import { silentLogger } from "../../server/logger";

// A runner alone in its own process on LONGPREF_DB (what `npx longpref worker` runs), for tests that kill
// it: it works on every running job until killed, leasing its items for LEASE_MS.
const db = openDatabase(process.env.LONGPREF_DB!);
const ctx = createContext(db, () => new Date(), silentLogger);
createJobRunner(ctx, { chat: openAiChat(), clock: systemClock, pollMs: 100, leaseMs: Number(process.env.LEASE_MS ?? 30_000) }).start();
console.log("worker running");
