import type { RequestHandler } from "express";
import { parseCookie } from "cookie";
import type { User } from "../../shared/schemas/user";
import type { ApiTokensRepo } from "../db/repos/api-tokens";
import type { SessionsRepo } from "../db/repos/sessions";
import type { UsersRepo } from "../db/repos/users";
import { unauthenticated } from "../errors/domain-error";
import { hashSecret } from "./secret";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      authVia?: "session" | "token";
    }
  }
}

export const sessionCookie = "longpref_session";

interface AuthDeps {
  users: UsersRepo;
  sessions: SessionsRepo;
  apiTokens: ApiTokensRepo;
  now: () => Date;
  /** A session unused this long has ended. */
  sessionIdleMs: number;
}

/**
 * Reads who is calling from the Bearer token or the session cookie and sets req.user; routes decide
 * what that user may do. A Bearer header that does not match any token is refused outright rather
 * than falling back to the cookie, so a script with a revoked token fails loudly. A disabled account's
 * token or cookie answers 401 on its very next request.
 */
export function authenticate({ users, sessions, apiTokens, now, sessionIdleMs }: AuthDeps): RequestHandler {
  return (req, _res, next) => {
    const header = req.get("authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const userId = match?.[1] ? apiTokens.use(hashSecret(match[1]), now()) : undefined;
      const user = userId === undefined ? undefined : users.get(userId);
      // Tokens belong to researchers and admins; an account demoted or disabled since keeps none of that power.
      if (!user || user.disabled || user.role === "annotator") throw unauthenticated();
      req.user = user;
      req.authVia = "token";
      return next();
    }
    const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[sessionCookie] : undefined;
    if (sid) {
      const user = sessions.userFor(hashSecret(sid), now(), sessionIdleMs);
      // Disabling ends the sessions too; checking here as well keeps any that raced it from working.
      if (user && !user.disabled) {
        req.user = user;
        req.authVia = "session";
      }
    }
    next();
  };
}
