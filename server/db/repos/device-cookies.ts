import type { Db } from "../open";

export type DeviceCookiesRepo = ReturnType<typeof deviceCookiesRepo>;

/** Browsers remembered per user; the oldest beyond this are forgotten, so the table cannot grow without end. */
const keptPerUser = 20;

export function deviceCookiesRepo(db: Db) {
  const insert = db.prepare<[string, number, string]>("INSERT INTO device_cookies (token_hash, user_id, created_at) VALUES (?, ?, ?)");
  const owner = db.prepare<[string], { user_id: number }>("SELECT user_id FROM device_cookies WHERE token_hash = ?");
  const trim = db.prepare<[number, number, number]>(
    `DELETE FROM device_cookies WHERE user_id = ? AND token_hash NOT IN
       (SELECT token_hash FROM device_cookies WHERE user_id = ? ORDER BY created_at DESC LIMIT ?)`,
  );
  const removeForUser = db.prepare<[number]>("DELETE FROM device_cookies WHERE user_id = ?");

  return {
    create: db.transaction((tokenHash: string, userId: number, now: Date) => {
      insert.run(tokenHash, userId, now.toISOString());
      trim.run(userId, userId, keptPerUser);
    }),
    /** The user a device cookie was given to, if it is one this server gave. */
    ownerOf: (tokenHash: string) => owner.get(tokenHash)?.user_id,
    /** Forgets a user's browsers (their password was reset: whoever held it may have had one). */
    deleteForUser: (userId: number) => void removeForUser.run(userId),
  };
}
