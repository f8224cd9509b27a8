// Worker thread entry: registers tsx, as server/cli/bin.js does, then runs the TypeScript worker. A worker
// does not inherit tsx when its parent was started without `--import tsx` (under vitest, for one).
import { register } from "tsx/esm/api";

register();
await import("./parse-worker.ts");
