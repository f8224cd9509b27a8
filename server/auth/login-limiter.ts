import pLimit, { type LimitFunction } from "p-limit";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface LoginLimits {
  /** Failed attempts allowed per username (whatever the IP) per window. */
  perUser: number;
  /** Failed attempts allowed per IP (whatever the username) per window. */
  perIp: number;
  windowSeconds: number;
}

export const defaultLoginLimits: LoginLimits = { perUser: 5, perIp: 30, windowSeconds: 15 * 60 };

/** Password checks run at once per IP; scrypt runs on libuv's 4 threads, so more would only queue there. */
const checksPerIp = 4;

export type LoginCheck<T> = { retryAfterMs: number } | { result: T | null };

/**
 * Login attempts by username and by IP; a key over its budget is refused until its window ends.
 * A username's attempt is counted before its password is checked, so guesses at one account sent all at
 * once cannot all pass a check made while the first are still in scrypt. An IP is charged only for
 * failures, so a class signing in together behind one address is never refused; its checks run at most
 * `checksPerIp` at a time, which bounds how far guesses in parallel can overshoot the IP's budget.
 */
export function loginLimiter(limits: LoginLimits) {
  const byUser = new RateLimiterMemory({ keyPrefix: "user", points: limits.perUser, duration: limits.windowSeconds });
  const byIp = new RateLimiterMemory({ keyPrefix: "ip", points: limits.perIp, duration: limits.windowSeconds });
  const slots = new Map<string, LimitFunction>();
  const userKey = (username: string) => username.trim().toLowerCase();
  // consume() rejects with the key's state once it is over budget: that is an answer here, not an error.
  const take = (key: string): Promise<number> =>
    byUser.consume(key).then(
      () => 0,
      (res: unknown) => {
        if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
        throw res;
      },
    );
  const ipWait = async (ip: string) => {
    const state = await byIp.get(ip);
    return state && state.consumedPoints >= limits.perIp ? Math.max(1, state.msBeforeNext) : 0;
  };
  const slotOf = (ip: string) => {
    let slot = slots.get(ip);
    if (!slot) slots.set(ip, (slot = pLimit(checksPerIp)));
    return slot;
  };

  return {
    /** Runs `verify` (null = wrong credentials) unless the username or IP is over budget, and counts it. */
    check<T>(username: string, ip: string, verify: () => Promise<T | null>): Promise<LoginCheck<T>> {
      const slot = slotOf(ip);
      return slot(async () => {
        try {
          const wait = Math.max(await ipWait(ip), await take(userKey(username)));
          if (wait > 0) return { retryAfterMs: wait };
          const result = await verify();
          if (result === null) await byIp.penalty(ip, 1);
          else await byUser.delete(userKey(username));
          return { result };
        } finally {
          if (slot.activeCount + slot.pendingCount <= 1) slots.delete(ip);
        }
      });
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
