import express, { type ErrorRequestHandler, type Express } from "express";
import helmet from "helmet";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { authenticate, sessionCookie } from "./auth/authenticate";
import { defaultLoginLimits, loginLimiter, type LoginLimits } from "./auth/login-limiter";
import { createContext, type Context } from "./context";
import { DatabaseMonitor } from "./db/health";
import type { Db } from "./db/open";
import type { EndpointPolicy } from "./endpoint-policy";
import { notFound } from "./errors/domain-error";
import { errorHandler, HttpError } from "./http/errors";
import { openApiRoutes } from "./http/openapi-route";
import { wrongMethod } from "./http/wrong-method";
import { rawJson, rawJsonPaths } from "./http/raw-body";
import { sameOriginMutations } from "./http/same-origin";
import type { RouteInfo } from "./http/route";
import { consoleLogger, type Logger } from "./logger";
import { analyticsRoutes } from "./routes/analytics";
import { annotateRoutes } from "./routes/annotate";
import { authRoutes } from "./routes/auth";
import { campaignRoutes } from "./routes/campaigns";
import { goldRoutes } from "./routes/gold";
import { exportRoutes } from "./routes/exports";
import { instructionSetRoutes } from "./routes/instruction-sets";
import { instructionRoutes } from "./routes/instructions";
import { limitRoutes } from "./routes/limits";
import { judgeRoutes } from "./routes/judges";
import { judgingRoutes } from "./routes/judging";
import { pairJudgingRoutes } from "./routes/pair-judging";
import { modelRoutes } from "./routes/models";
import { pairRoutes } from "./routes/pairs";
import { reportRoutes } from "./routes/reports";
import { sampleRoutes } from "./routes/samples";
import { samplingJobRoutes } from "./routes/sampling-jobs";
import { tokenRoutes } from "./routes/tokens";
import { userRoutes } from "./routes/users";

export interface AppDeps {
  db: Db;
  now?: () => Date;
  log?: Logger;
  loginLimits?: LoginLimits;
  /** Longest a session lasts after sign-in (14 days). */
  sessionTtlMs?: number;
  /** A session unused this long ends (LONGPREF_SESSION_IDLE_HOURS, 12 h). */
  sessionIdleMs?: number;
  /** Largest request body (an uploaded file travels in it). */
  maxBodyBytes?: number;
  /** Express's "trust proxy": which proxy's X-Forwarded-For/-Proto to believe; none by default. */
  trustProxy?: number | string;
  /** Who may point models where (LONGPREF_RESEARCHERS_ADD_ENDPOINTS, _KEY_ENVS, _ENDPOINT_HOSTS); from process.env by default. */
  endpointPolicy?: EndpointPolicy;
  /** Built client to serve; omitted in API-only tests. */
  clientDir?: string;
}

export interface App extends Express {
  locals: Express["locals"] & { routes: RouteInfo[]; ctx: Context };
}

export const defaultMaxBodyBytes = 50 * 1024 * 1024;
export const defaultSessionTtlMs = 14 * 24 * 3600 * 1000;
export const defaultSessionIdleMs = 12 * 3600 * 1000;

/** Builds the whole HTTP app from its dependencies; no listen() and no global state. */
export function createApp(deps: AppDeps): App {
  const ctx = createContext(deps.db, deps.now ?? (() => new Date()), deps.log ?? consoleLogger, deps.endpointPolicy);
  const routes: RouteInfo[] = [];
  const app = express() as App;
  app.locals.routes = routes;
  app.locals.ctx = ctx;
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  if (deps.trustProxy !== undefined) app.set("trust proxy", deps.trustProxy);
  // Helmet's CSP asks browsers to upgrade every request to https: right behind TLS, fatal on plain http (a
  // LAN address with HOST=0.0.0.0), where the page's own scripts would be asked for over https and never load.
  // Tighter than helmet's defaults: the client's styles and fonts are its own files (React sets style
  // properties through the DOM, which CSP allows), and no page of it belongs in anyone's frame.
  const directives = { styleSrc: ["'self'"], fontSrc: ["'self'", "data:"], frameAncestors: ["'none'"] };
  const overHttps = helmet({ contentSecurityPolicy: { directives } });
  const overHttp = helmet({ contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } } });
  app.use((req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next));
  // Import bodies stay raw (parsed in the import's worker); express.json skips a body already read.
  app.use(rawJsonPaths, rawJson(deps.maxBodyBytes ?? defaultMaxBodyBytes));
  app.use(express.json({ limit: deps.maxBodyBytes ?? defaultMaxBodyBytes }));

  // Public and cheap: load balancers and supervisors poll it. The database's state, never a path.
  const monitor = new DatabaseMonitor(deps.db, () => ctx.now().getTime());
  app.get("/api/health", (_req, res) => {
    const database = monitor.health();
    const ok = database.state === "ok";
    res.status(ok ? 200 : 503).json({ ok, database });
  });
  routes.push({ method: "get", path: "/api/health", access: "public", input: { summary: "Whether the server and its database are up" } });
  // Public, like the route table it documents, and before authentication so a stale token still reads it.
  openApiRoutes(app, routes, sessionCookie);

  const sessionTimes = { ttlMs: deps.sessionTtlMs ?? defaultSessionTtlMs, idleMs: deps.sessionIdleMs ?? defaultSessionIdleMs };
  app.use("/api", authenticate({ ...ctx, sessionIdleMs: sessionTimes.idleMs }), sameOriginMutations);
  const limiter = loginLimiter(deps.loginLimits ?? defaultLoginLimits, ctx.loginCounters, ctx.now);
  app.use("/api/auth", authRoutes(ctx, routes, limiter, sessionTimes));
  app.use("/api/users", userRoutes(ctx, routes));
  app.use("/api/tokens", tokenRoutes(ctx, routes));
  app.use("/api/instruction-sets", instructionSetRoutes(ctx, routes));
  app.use("/api/instructions", instructionRoutes(ctx, routes));
  app.use("/api/limits", limitRoutes(routes, deps.maxBodyBytes ?? defaultMaxBodyBytes));
  app.use("/api/models", modelRoutes(ctx, routes));
  app.use("/api/sampling-jobs", samplingJobRoutes(ctx, routes));
  app.use("/api/reports", reportRoutes(ctx, routes));
  app.use("/api/campaigns", campaignRoutes(ctx, routes));
  app.use("/api/campaigns", goldRoutes(ctx, routes));
  app.use("/api/annotate", annotateRoutes(ctx, routes));
  app.use("/api/exports", exportRoutes(ctx, routes));
  app.use("/api/analytics", analyticsRoutes(ctx, routes));
  app.use("/api", sampleRoutes(ctx, routes));
  app.use("/api", judgingRoutes(ctx, routes));
  app.use("/api", pairJudgingRoutes(ctx, routes));
  app.use("/api", pairRoutes(ctx, routes));
  app.use("/api", judgeRoutes(ctx, routes));
  app.use("/api", wrongMethod(routes), (_req, _res, next) => next(notFound("route")));

  if (deps.clientDir && existsSync(join(deps.clientDir, "index.html"))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    // Client-side routes (/sets/3, /instructions?...) all load the app shell.
    app.get("/{*splat}", (_req, res) => {
      res.sendFile(join(clientDir, "index.html"), { maxAge: 0 });
    });
  }
  app.use((_req, _res, next) => next(new HttpError(404, "not_found", "not found")));
  // SQLite errors the requests meet (disk full, read-only, damaged) show in /api/health for a while.
  app.use(((err, _req, _res, next) => {
    monitor.note(err);
    next(err);
  }) as ErrorRequestHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
