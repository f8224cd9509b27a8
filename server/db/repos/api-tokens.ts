import type { ApiToken } from "../../../shared/schemas/token";
import type { PageWindow } from "../../../shared/schemas/page";
import type { Db } from "../open";
import { pagedList } from "./paging";

export type ApiTokensRepo = ReturnType<typeof apiTokensRepo>;

export function apiTokensRepo(db: Db) {
  const insert = db.prepare<[number, string, string, string, string]>(
    "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
  );
  const cols = "id, name, prefix, created_at, last_used_at";
  const byId = db.prepare<[number], ApiToken>(`SELECT ${cols} FROM api_tokens WHERE id = ?`);
  const forUser = db.prepare<[number], ApiToken>(`SELECT ${cols} FROM api_tokens WHERE user_id = ? ORDER BY id`);
  const pagedForUser = pagedList(
    db,
    `SELECT ${cols} FROM api_tokens WHERE user_id = @user_id ORDER BY id`,
    "SELECT COUNT(*) AS n FROM api_tokens WHERE user_id = @user_id",
    (row: ApiToken) => row,
  );
  const find = db.prepare<[string], { id: number; user_id: number }>("SELECT id, user_id FROM api_tokens WHERE token_hash = ?");
  const touch = db.prepare<[string, number]>("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  const remove = db.prepare<[number, number]>("DELETE FROM api_tokens WHERE id = ? AND user_id = ?");

  return {
    create(userId: number, name: string, prefix: string, tokenHash: string, now: Date): ApiToken {
      const { lastInsertRowid } = insert.run(userId, name, prefix, tokenHash, now.toISOString());
      return byId.get(Number(lastInsertRowid))!;
    },
    listForUser: (userId: number) => forUser.all(userId),
    /** A page of one user's tokens, oldest first (the order of `listForUser`). */
    listPageForUser: (userId: number, window: PageWindow) => pagedForUser(window, { user_id: userId }),
    /** The owner of a token, marking it used. */
    use(tokenHash: string, now: Date): number | undefined {
      const row = find.get(tokenHash);
      if (!row) return undefined;
      touch.run(now.toISOString(), row.id);
      return row.user_id;
    },
    delete: (id: number, userId: number) => remove.run(id, userId).changes > 0,
  };
}
