import { parseCookie } from "cookie";
import { Router } from "express";
import { LoginBodySchema } from "../../shared/schemas/user";
import { sessionCookie } from "../auth/authenticate";
import type { LoginLimiter } from "../auth/login-limiter";
import { decoyHash, verifyPassword } from "../auth/password";
import { hashSecret, newSecret } from "../auth/secret";
import type { Context } from "../context";
import { HttpError } from "../http/errors";
import { declareRoutes, type RouteInfo } from "../http/route";

export function authRoutes(ctx: Context, table: RouteInfo[], limiter: LoginLimiter, sessionTtlMs: number) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/auth");

  route("post", "/login", "public", async (req, res) => {
    const { username, password } = LoginBodySchema.parse(req.body);
    const ip = req.ip ?? "unknown";
    const checked = await limiter.check(username, ip, async () => {
      const found = ctx.users.findCredentials(username);
      // Compare against a decoy for unknown users so both answers take the same time.
      const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
      return found && ok ? found : null;
    });
    if ("retryAfterMs" in checked) {
      const seconds = Math.ceil(checked.retryAfterMs / 1000);
      res.set("Retry-After", String(seconds));
      throw new HttpError(429, "rate_limited", `too many failed logins; try again in ${seconds} s`);
    }
    const found = checked.result;
    if (!found) throw new HttpError(401, "invalid_credentials", "invalid username or password");
    const sid = newSecret("");
    ctx.sessions.create(hashSecret(sid), found.user.id, ctx.now(), sessionTtlMs);
    res.cookie(sessionCookie, sid, {
      httpOnly: true,
      sameSite: "lax",
      secure: req.secure,
      path: "/",
      maxAge: sessionTtlMs,
    });
    res.json({ user: found.user });
  }, { body: true });

  route("post", "/logout", "signed-in", (req, res) => {
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[sessionCookie] : undefined;
    if (sid) ctx.sessions.delete(hashSecret(sid));
    res.clearCookie(sessionCookie, { path: "/" });
    res.json({ ok: true });
  });

  route("get", "/me", "signed-in", (req, res) => {
    res.json({ user: req.user });
  });

  return router;
}
