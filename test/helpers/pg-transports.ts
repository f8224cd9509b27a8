import { libpqBinding } from "../../server/db/pg/libpq-client";
import type { PgTransport } from "../../server/db/pg/pg-connection";
import { testPg } from "./test-db";

/**
 * Both PostgreSQL clients, each with whether its suite runs: only in the PostgreSQL pass (LONGPREF_TEST_PG),
 * and libpq where its binding is built; CI builds it (.ci/run), so there its absence fails instead of skipping.
 */
const libpqRuns = libpqBinding() !== null || process.env.CI === "true";
export const pgTransports = (["libpq", "worker"] as PgTransport[]).map((transport) => ({
  transport,
  skip: !testPg || (transport === "libpq" && !libpqRuns),
}));

/** Connections opened from now on use `transport` (LONGPREF_PG_CLIENT); the returned call puts the setting back. */
export function chooseTransport(transport: PgTransport): () => void {
  const chosen = process.env.LONGPREF_PG_CLIENT;
  process.env.LONGPREF_PG_CLIENT = transport;
  return () => {
    if (chosen === undefined) delete process.env.LONGPREF_PG_CLIENT;
    else process.env.LONGPREF_PG_CLIENT = chosen;
  };
}
