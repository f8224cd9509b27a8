import { parseCookie } from "cookie";
import { Router, type Request, type Response } from "express";
import { ChangePasswordResponseSchema, OkResponseSchema } from "../../shared/schemas/answers";
import {
  ChangePasswordBodySchema,
  EndedSessionsResponseSchema,
  LanguageBodySchema,
  LoginBodySchema,
  MeResponseSchema,
  UserResponseSchema,
  type User,
} from "../../shared/schemas/user";
import { sessionCookie } from "../auth/authenticate";
import type { LoginLimiter } from "../auth/login-limiter";
import { decoyHash, hashPassword, verifyPassword } from "../auth/password";
import { hashSecret, newSecret } from "../auth/secret";
import type { Context } from "../context";
import { HttpError } from "../http/errors";
import { declareRoutes, type RouteInfo } from "../http/route";

export const deviceCookie = "longpref_device";
const deviceCookieMs = 365 * 24 * 3600 * 1000;

export interface SessionTimes {
  /** Longest a session lasts after sign-in, however active. */
  ttlMs: number;
  /** A session unused this long has ended. */
  idleMs: number;
}

const cookieOf = (req: Request, name: string) => (req.headers.cookie ? parseCookie(req.headers.cookie)[name] : undefined);

function refuseRateLimited(res: Response, retryAfterMs: number): never {
  const seconds = Math.ceil(retryAfterMs / 1000);
  res.set("Retry-After", String(seconds));
  throw new HttpError(429, "rate_limited", `too many failed logins; try again in ${seconds} s`);
}

export function authRoutes(ctx: Context, table: RouteInfo[], limiter: LoginLimiter, times: SessionTimes) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/auth");

  /** The hash of this browser's device cookie when it was given to `username`'s account, else undefined. */
  const deviceFor = (req: Request, username: string): string | undefined => {
    const token = cookieOf(req, deviceCookie);
    if (!token) return undefined;
    const hash = hashSecret(token);
    const owner = ctx.deviceCookies.ownerOf(hash);
    return owner !== undefined && owner === ctx.users.findByName(username.trim())?.id ? hash : undefined;
  };

  route(
    "post",
    "/login",
    "public",
    async (req, res) => {
      const { username, password } = LoginBodySchema.parse(req.body);
      const device = deviceFor(req, username);
      const checked = await limiter.check({ username, address: req.ip ?? "unknown", device }, async () => {
        // Disabled accounts are found like unknown names: the same answer, after the same work.
        const found = ctx.users.findCredentials(username);
        // Compare against a decoy for unknown users so both answers take the same time.
        const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
        return found && ok ? found : null;
      });
      if ("retryAfterMs" in checked) refuseRateLimited(res, checked.retryAfterMs);
      const found = checked.result;
      if (!found) throw new HttpError(401, "invalid_credentials", "invalid username or password");
      const sid = newSecret("");
      ctx.sessions.create(hashSecret(sid), found.user.id, ctx.now(), times.ttlMs, times.idleMs);
      res.cookie(sessionCookie, sid, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/", maxAge: times.ttlMs });
      if (device === undefined) {
        // This browser is now known to have signed in as this user: failures elsewhere will not lock it out.
        const token = newSecret("");
        ctx.deviceCookies.create(hashSecret(token), found.user.id, ctx.now());
        res.cookie(deviceCookie, token, {
          httpOnly: true,
          sameSite: "strict",
          secure: req.secure,
          path: "/api/auth",
          maxAge: deviceCookieMs,
        });
      }
      res.json({ user: found.user });
    },
    { body: LoginBodySchema, response: MeResponseSchema, refusals: [401, 429], summary: "Sign in: sets the session cookie" },
  );

  route(
    "post",
    "/logout",
    "signed-in",
    (req, res) => {
      const sid = cookieOf(req, sessionCookie);
      if (sid) ctx.sessions.delete(hashSecret(sid));
      res.clearCookie(sessionCookie, { path: "/" });
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Sign out this session" },
  );

  // Ends every session of the caller, this one included (a lost laptop, a shared computer).
  route(
    "post",
    "/logout-everywhere",
    "signed-in",
    (req, res) => {
      const ended = ctx.sessions.deleteForUser(req.user!.id);
      res.clearCookie(sessionCookie, { path: "/" });
      res.json({ ended });
    },
    { response: EndedSessionsResponseSchema, summary: "End every session of the caller, this one included" },
  );

  // The current password is checked like a login (same limits), so a borrowed session cannot guess it.
  route(
    "post",
    "/password",
    "signed-in",
    async (req, res) => {
      const body = ChangePasswordBodySchema.parse(req.body);
      const user: User = req.user!;
      const checked = await limiter.check(
        { username: user.username, address: req.ip ?? "unknown", device: deviceFor(req, user.username) },
        async () => ((await verifyPassword(body.current_password, ctx.users.passwordHashOf(user.id) ?? (await decoyHash()))) ? user : null),
      );
      if ("retryAfterMs" in checked) refuseRateLimited(res, checked.retryAfterMs);
      if (!checked.result) throw new HttpError(400, "wrong_password", "current_password: this is not your current password");
      const hash = await hashPassword(body.new_password);
      const sid = req.authVia === "session" ? cookieOf(req, sessionCookie) : undefined;
      // Other browsers signed in with the old password are signed out; this one stays signed in.
      const endedSessions = ctx.db
        .transaction(() => {
          ctx.users.setPasswordHash(user.id, hash);
          return sid ? ctx.sessions.deleteOthers(user.id, hashSecret(sid)) : ctx.sessions.deleteForUser(user.id);
        })
        .immediate();
      res.json({ ok: true, ended_sessions: endedSessions });
    },
    { body: ChangePasswordBodySchema, response: ChangePasswordResponseSchema, refusals: [429], summary: "Change the caller's password" },
  );

  route(
    "get",
    "/me",
    "signed-in",
    (req, res) => {
      res.json({ user: req.user });
    },
    { response: MeResponseSchema, summary: "The caller's account" },
  );

  // The caller's own interface language: there is no user id to give, so no one sets another's.
  route(
    "put",
    "/language",
    "signed-in",
    (req, res) => {
      const { language } = LanguageBodySchema.parse(req.body);
      ctx.users.setLanguage(req.user!.id, language);
      res.json({ user: ctx.users.get(req.user!.id) });
    },
    { body: LanguageBodySchema, response: UserResponseSchema, summary: "Set the caller's interface language" },
  );

  return router;
}
