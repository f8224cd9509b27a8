import type { RequestHandler } from "express";
import { HttpError } from "./errors";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated requests that change something must come from this origin: browsers send
 * Origin on every cross-site POST/DELETE, so a mismatch is a forged request (CSRF). SameSite=Lax
 * already stops most; this also covers older browsers and same-site subdomains. Bearer-token calls
 * carry no ambient credentials and are not checked.
 */
export const sameOriginMutations: RequestHandler = (req, _res, next) => {
  if (safeMethods.has(req.method) || req.authVia === "token") return next();
  // Fetch metadata: browsers that send it say where a request comes from even when they leave Origin out.
  const site = req.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return next(new HttpError(403, "cross_origin", "cross-site request refused"));
  const origin = req.get("origin");
  if (origin === undefined || (origin === "null" && !req.headers.cookie)) return next();
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return next(new HttpError(403, "cross_origin", "malformed Origin header"));
  }
  if (host !== req.get("host")) return next(new HttpError(403, "cross_origin", "cross-origin request refused"));
  next();
};
