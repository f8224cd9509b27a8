import { readEnv } from "./env";
import { consoleLogger } from "./logger";
import { startServer, stopOnSignals } from "./start";

// `npm run dev`: exactly what `npm start` runs (server/start.ts), the client served by vite's dev server on
// PORT (5173) with hot reload, proxying /api to the app on API_PORT (3001).
async function main() {
  const env = readEnv({ ...process.env, PORT: process.env.PORT ?? "5173" });
  stopOnSignals(await startServer(env, { kind: "vite", apiPort: Number(process.env.API_PORT ?? 3001) }));
}

main().catch((err: unknown) => {
  consoleLogger.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
