import type { Db } from "../open";

export type SessionsRepo = ReturnType<typeof sessionsRepo>;

export function sessionsRepo(db: Db) {
  const insert = db.prepare<[string, number, string, string]>(
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
  );
  const find = db.prepare<[string, string], { user_id: number }>(
    "SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?",
  );
  const remove = db.prepare<[string]>("DELETE FROM sessions WHERE token_hash = ?");
  const purge = db.prepare<[string]>("DELETE FROM sessions WHERE expires_at <= ?");

  return {
    create(tokenHash: string, userId: number, now: Date, ttlMs: number) {
      purge.run(now.toISOString());
      insert.run(tokenHash, userId, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
    },
    userIdFor: (tokenHash: string, now: Date) => find.get(tokenHash, now.toISOString())?.user_id,
    delete: (tokenHash: string) => void remove.run(tokenHash),
  };
}
