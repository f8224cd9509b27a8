import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface LoginLimits {
  /** Failed attempts allowed per username (whatever the IP) per window. */
  perUser: number;
  /** Failed attempts allowed per IP (whatever the username) per window. */
  perIp: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimits = { perUser: 5, perIp: 30, windowSeconds: 15 * 60 };

/** Counts failed logins by username and by IP; a key over its budget is refused until its window ends. */
export function loginLimiter(limits: LoginLimits) {
  const byUser = new RateLimiterMemory({ keyPrefix: "user", points: limits.perUser, duration: limits.windowSeconds });
  const byIp = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIp, duration: limits.windowSeconds });
  const userKey = (username: string) => username.trim().toLowerCase();

  return {
    /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
    async blockedFor(username: string, ip: string): Promise<number> {
      const [u, i] = await Promise.all([byUser.get(userKey(username)), byIp.get(ip)]);
      const wait = (res: RateLimiterRes | null, points: number) =>
        res && res.consumedPoints >= points ? res.msBeforeNext : 0;
      return Math.max(wait(u, limits.perUser), wait(i, limits.perIp));
    },
    async recordFailure(username: string, ip: string) {
      // consume() rejects once a key is over budget; that is the state blockedFor reads, not an error.
      await Promise.allSettled([byUser.consume(userKey(username)), byIp.consume(ip)]);
    },
    async recordSuccess(username: string) {
      await byUser.delete(userKey(username));
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
