import type { User } from "../../../shared/schemas/user";
import type { Db } from "../open";
import { presentUser, type UserRow } from "./users";

export type SessionsRepo = ReturnType<typeof sessionsRepo>;

/** How often a session's last_seen_at is written at most: once a minute is enough for an idle limit in hours. */
const touchEveryMs = 60_000;

export function sessionsRepo(db: Db) {
  const insert = db.prepare<[string, number, string, string, string]>(
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
  );
  // The session and its user in one statement: it runs before every signed-in request.
  const find = db.prepare<[string, string, string], Omit<UserRow, "password_hash"> & { last_seen_at: string }>(
    `SELECT u.id, u.username, u.role, u.disabled_at, u.language, u.created_at, s.last_seen_at
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?`,
  );
  const touch = db.prepare<[string, string]>("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  const remove = db.prepare<[string]>("DELETE FROM sessions WHERE token_hash = ?");
  const removeForUser = db.prepare<[number]>("DELETE FROM sessions WHERE user_id = ?");
  const removeOthers = db.prepare<[number, string]>("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?");
  const purge = db.prepare<[string, string]>("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?");
  const countForUser = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?");

  const iso = (d: Date) => d.toISOString();
  const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

  return {
    create(tokenHash: string, userId: number, now: Date, ttlMs: number, idleMs: number) {
      purge.run(iso(now), before(now, idleMs));
      insert.run(tokenHash, userId, iso(now), new Date(now.getTime() + ttlMs).toISOString(), iso(now));
    },
    /**
     * The session's user, if it is neither past its absolute end nor idle for `idleMs`. Marks it seen, but
     * writes at most once a minute per session, so reading pages does not turn into a write per request.
     */
    userFor(tokenHash: string, now: Date, idleMs: number): User | undefined {
      const row = find.get(tokenHash, iso(now), before(now, idleMs));
      if (!row) return undefined;
      if (now.getTime() - Date.parse(row.last_seen_at) >= touchEveryMs) touch.run(iso(now), tokenHash);
      return presentUser(row);
    },
    delete: (tokenHash: string) => void remove.run(tokenHash),
    /** Ends every session of a user; returns how many there were. */
    deleteForUser: (userId: number) => removeForUser.run(userId).changes,
    /** Ends a user's sessions except the one making the request. */
    deleteOthers: (userId: number, keepTokenHash: string) => removeOthers.run(userId, keepTokenHash).changes,
    countForUser: (userId: number) => countForUser.get(userId)!.n,
  };
}
