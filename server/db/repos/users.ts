import type { InterfaceLanguage, Role, User } from "../../../shared/schemas/user";
import type { Db } from "../open";
import { pagedList } from "./paging";

export interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  disabled_at: string | null;
  language: InterfaceLanguage | null;
  created_at: string;
}

export type UsersRepo = ReturnType<typeof usersRepo>;

/** The one place a user row becomes a User: the hash never leaves the repositories. */
export const presentUser = (row: Omit<UserRow, "password_hash">): User => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled_at !== null,
  language: row.language,
  created_at: row.created_at,
});

export function usersRepo(db: Db) {
  const byName = db.prepare<[string], UserRow>("SELECT * FROM users WHERE username = ?");
  const byId = db.prepare<[number], UserRow>("SELECT * FROM users WHERE id = ?");
  const all = db.prepare<[], UserRow>("SELECT * FROM users ORDER BY username, id");
  const paged = pagedList(db, "SELECT * FROM users ORDER BY username, id", "SELECT COUNT(*) AS n FROM users", (row: UserRow) =>
    presentUser(row),
  );
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM users");
  const enabledAdmins = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL");
  const insert = db.prepare<[string, Role, string, string]>(
    "INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
  );
  const setHash = db.prepare<[string, number]>("UPDATE users SET password_hash = ? WHERE id = ?");
  const setRoleOf = db.prepare<[Role, number]>("UPDATE users SET role = ? WHERE id = ?");
  const setLanguageOf = db.prepare<[InterfaceLanguage | null, number]>("UPDATE users SET language = ? WHERE id = ?");
  const setDisabledAt = db.prepare<[string | null, number]>("UPDATE users SET disabled_at = ? WHERE id = ?");

  return {
    /** Credentials of an enabled account; a disabled one is answered like an unknown name. */
    findCredentials(username: string): { user: User; passwordHash: string } | undefined {
      const row = byName.get(username);
      return row && row.disabled_at === null ? { user: presentUser(row), passwordHash: row.password_hash } : undefined;
    },
    /** The stored hash of any account, disabled or not (a signed-in user proving their current password). */
    passwordHashOf: (id: number) => byId.get(id)?.password_hash,
    findByName: (username: string) => {
      const row = byName.get(username);
      return row && presentUser(row);
    },
    get: (id: number) => {
      const row = byId.get(id);
      return row && presentUser(row);
    },
    list: () => all.all().map(presentUser),
    /** A page of the users by name (the order of `list`). */
    listPage: paged,
    count: () => count.get()!.n,
    enabledAdminCount: () => enabledAdmins.get()!.n,
    create(username: string, role: Role, passwordHash: string, now: Date): User {
      const { lastInsertRowid } = insert.run(username, role, passwordHash, now.toISOString());
      return presentUser(byId.get(Number(lastInsertRowid))!);
    },
    setPasswordHash: (id: number, hash: string) => void setHash.run(hash, id),
    setRole: (id: number, role: Role) => void setRoleOf.run(role, id),
    setLanguage: (id: number, language: InterfaceLanguage | null) => void setLanguageOf.run(language, id),
    /** Disables (with the time) or enables an account. */
    setDisabled: (id: number, at: Date | null) => void setDisabledAt.run(at?.toISOString() ?? null, id),
  };
}
