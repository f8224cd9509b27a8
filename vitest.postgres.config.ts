import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The PostgreSQL pass of `npm test` (scripts/with-test-postgres.sh gives it LONGPREF_TEST_PG): every API and
// fault suite again, each test on a PostgreSQL database of its own (test/helpers/test-db.ts). The unit,
// property and browser suites do not touch a database backend and run once, in the SQLite pass.
// The base's options with this include list (mergeConfig would append it to the base's, running everything).
export default defineConfig({
  test: {
    ...base.test,
    include: ["test/api/**/*.test.ts", "test/faults/**/*.test.ts"],
  },
});
