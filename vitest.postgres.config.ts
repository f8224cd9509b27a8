import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The PostgreSQL pass of `npm test` (scripts/with-test-postgres.sh gives it LONGPREF_TEST_PG): the suites shown
// green on PostgreSQL so far, the connection itself, the several-process tests and the fault suite that runs
// the sampling and judging runners against a faulty endpoint. Issue #19 grows this list to test/api, test/faults
// and the load test.
// The base's options with this include list (mergeConfig would append it to the base's, running everything).
export default defineConfig({
  test: {
    ...base.test,
    include: [
      "test/api/postgres-connection.test.ts",
      "test/api/cli-migrate-to-postgres.test.ts",
      "test/api/cli-worker.test.ts",
      "test/api/login-shared.test.ts",
      "test/api/auth.test.ts",
      "test/api/accounts.test.ts",
      "test/api/access.test.ts",
      "test/api/users-tokens.test.ts",
      "test/api/campaigns.test.ts",
      "test/api/blinding.test.ts",
      "test/api/gold-pairs.test.ts",
      "test/api/pairs.test.ts",
      "test/api/pair-judging.test.ts",
      "test/api/sampling-api.test.ts",
      "test/api/sampling-n.test.ts",
      "test/api/import.test.ts",
      "test/api/export.test.ts",
      "test/api/pagination.test.ts",
      "test/faults/endpoint-faults.test.ts",
    ],
  },
});
