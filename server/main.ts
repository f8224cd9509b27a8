import { readEnv } from "./env";
import { consoleLogger } from "./logger";
import { startServer, stopOnSignals } from "./start";

// `npm start`: the API and the built client on PORT. The only impure entry besides `npm run dev` (server/dev.ts).
async function main() {
  stopOnSignals(await startServer(readEnv(), { kind: "built" }));
}

main().catch((err: unknown) => {
  consoleLogger.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
