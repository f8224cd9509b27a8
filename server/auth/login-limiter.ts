import pLimit, { type LimitFunction } from "p-limit";
import type { CounterBudget, LoginCountersRepo } from "../db/repos/login-counters";

export interface LoginLimits {
  /** Failed attempts per username from one address (without a device cookie) per window. */
  perAccountAddress: number;
  /** Failed attempts per username from all addresses together (without a device cookie) per window. */
  perAccount: number;
  /** Failed attempts from one address, whatever the usernames, per window. */
  perAddress: number;
  /** Failed attempts with one device cookie per window: the only limit its holder meets. */
  perDevice: number;
  windowSeconds: number;
  /** Most counters kept at once (those whose windows end first are dropped first), so the table stays bounded. */
  maxKeys: number;
}

export const defaultLoginLimits: LoginLimits = {
  perAccountAddress: 5,
  perAccount: 20,
  perAddress: 100,
  perDevice: 10,
  windowSeconds: 15 * 60,
  maxKeys: 100_000,
};

/** Password checks run at once per address; scrypt runs on libuv's 4 threads, so more would only queue there. */
const checksPerAddress = 4;

export type LoginCheck<T> = { retryAfterMs: number } | { result: T | null };

export interface LoginAttempt {
  username: string;
  address: string;
  /** Hash of a device cookie this server gave to a browser where `username` signed in before, if one came. */
  device?: string;
}

/**
 * Login attempts counted so that an attacker cannot turn the limits against the account's owner (OWASP,
 * "Slow Down Online Guessing Attacks with Device Cookies"):
 * - a browser where the user signed in before holds a device cookie; a login presenting it for that user
 *   meets only that cookie's own failure budget, never the account's or the address's, so failures from
 *   anywhere else (the attacker's address or the user's own) cannot lock its holder out;
 * - other logins meet budgets per (username, address), per username across addresses, and per address.
 * Usernames count however they are written (case, surrounding spaces). An attempt is counted against
 * the username (or device) before its password is checked, in the same transaction as the check, so guesses
 * sent all at once, to one server or to several, cannot all pass a check made while the first are still in
 * scrypt; a success gives it back. The counters live in the database (ctx.loginCounters), shared by every
 * server process on it (decision 044). An address is charged only for failures, so a class signing in
 * together behind one address is never refused for succeeding; its checks run at most `checksPerAddress`
 * at a time per process, which bounds how far parallel guesses overshoot.
 */
export function loginLimiter(limits: LoginLimits, counters: LoginCountersRepo, now: () => Date = () => new Date()) {
  const windowMs = limits.windowSeconds * 1000;
  const slots = new Map<string, LimitFunction>();
  const slotOf = (address: string) => {
    let slot = slots.get(address);
    if (!slot) slots.set(address, (slot = pLimit(checksPerAddress)));
    return slot;
  };
  const charge = (budgets: CounterBudget[], keys: string[]) => counters.chargeUnlessSpent(budgets, keys, now(), windowMs, limits.maxKeys);

  async function attempt<T>({ username, address, device }: LoginAttempt, verify: () => Promise<T | null>): Promise<LoginCheck<T>> {
    const account = username.trim().toLowerCase();
    if (device !== undefined) {
      const key = `device:${device}`;
      const wait = charge([{ key, budget: limits.perDevice }], [key]);
      if (wait > 0) return { retryAfterMs: wait };
      const result = await verify();
      if (result !== null) counters.forget([key]);
      return { result };
    }
    const byAddress = `address:${address}`;
    const byAccount = `account:${account}`;
    const byPair = `pair:${account}\n${address}`;
    const wait = charge(
      [
        { key: byAddress, budget: limits.perAddress },
        { key: byPair, budget: limits.perAccountAddress },
        { key: byAccount, budget: limits.perAccount },
      ],
      [byPair, byAccount],
    );
    if (wait > 0) return { retryAfterMs: wait };
    const result = await verify();
    if (result === null) counters.add([byAddress], now(), windowMs, limits.maxKeys);
    else counters.forget([byPair, byAccount]);
    return { result };
  }

  return {
    /** Runs `verify` (null = wrong credentials) unless a budget the attempt meets is spent, and counts it. */
    check<T>(login: LoginAttempt, verify: () => Promise<T | null>): Promise<LoginCheck<T>> {
      const slot = slotOf(login.address);
      return slot(async () => {
        try {
          return await attempt(login, verify);
        } finally {
          if (slot.activeCount + slot.pendingCount <= 1) slots.delete(login.address);
        }
      });
    },
    /** How many counters are held (bounded by `maxKeys`). */
    trackedKeys: () => counters.size(),
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
