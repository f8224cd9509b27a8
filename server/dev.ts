import { createServer } from "vite";
import { createApp } from "./app";
import { bootstrapEmptyDatabase } from "./bootstrap";
import { projectRoot } from "./client-build";
import { openLongprefDatabase } from "./db/open-checked";
import { readEnv } from "./env";
import { consoleLogger } from "./logger";

// `npm run dev`: the API on API_PORT (3001) and vite's dev server on PORT (5173) proxying /api to it.
const env = readEnv();
const apiPort = Number(process.env.API_PORT ?? 3001);
process.env.API_PORT = String(apiPort);
const { db } = openLongprefDatabase(env.LONGPREF_DB);
const app = createApp({ db });
await bootstrapEmptyDatabase(app.locals.ctx, {
  adminPassword: env.LONGPREF_ADMIN_PASSWORD,
  demo: env.LONGPREF_NO_DEMO !== "1",
  print: (l) => consoleLogger.info(l),
});
app.listen(apiPort, "127.0.0.1", () => consoleLogger.info(`API on http://localhost:${apiPort}`));
const vite = await createServer({ configFile: `${projectRoot}/vite.config.ts`, server: { port: Number(process.env.PORT ?? 5173) } });
await vite.listen();
vite.printUrls();
