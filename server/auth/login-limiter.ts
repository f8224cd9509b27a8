import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface LoginLimits {
  /** Failed attempts allowed per username (whatever the IP) per window. */
  perUser: number;
  /** Failed attempts allowed per IP (whatever the username) per window. */
  perIp: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimits = { perUser: 5, perIp: 30, windowSeconds: 15 * 60 };

/**
 * Counts login attempts by username and by IP; a key over its budget is refused until its window ends.
 * An attempt is counted before its password is checked, so guesses sent all at once cannot all pass a
 * check made while the first ones are still being verified (scrypt takes tens of milliseconds); a success
 * then clears the username's count and gives the IP its point back.
 */
export function loginLimiter(limits: LoginLimits) {
  const byUser = new RateLimiterMemory({ keyPrefix: "user", points: limits.perUser, duration: limits.windowSeconds });
  const byIp = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIp, duration: limits.windowSeconds });
  const userKey = (username: string) => username.trim().toLowerCase();
  // consume() rejects with the key's state once it is over budget: that is an answer here, not an error.
  const take = (limiter: RateLimiterMemory, key: string): Promise<number> =>
    limiter.consume(key).then(
      () => 0,
      (res: unknown) => {
        if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
        throw res;
      },
    );

  return {
    /** Counts one attempt; milliseconds until another is allowed when this one is over budget, else 0. */
    async attempt(username: string, ip: string): Promise<number> {
      const [u, i] = await Promise.all([take(byUser, userKey(username)), take(byIp, ip)]);
      return Math.max(u, i);
    },
    async recordSuccess(username: string, ip: string) {
      await Promise.all([byUser.delete(userKey(username)), byIp.reward(ip, 1)]);
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
