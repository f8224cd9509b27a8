import type { Role, UpdateUserBody, User } from "../../shared/schemas/user";
import type { DeviceCookiesRepo } from "../db/repos/device-cookies";
import type { SessionsRepo } from "../db/repos/sessions";
import type { UsersRepo } from "../db/repos/users";
import type { Db } from "../db/open";
import { conflict, notFound } from "../errors/domain-error";
import { hashPassword, randomPassword } from "./password";

/** What account changes need: the server's Context has it all, the CLI builds it from its own connection. */
export interface AccountStore {
  db: Db;
  users: UsersRepo;
  sessions: SessionsRepo;
  deviceCookies: DeviceCookiesRepo;
  now: () => Date;
}

const found = (store: AccountStore, id: number): User => {
  const user = store.users.get(id);
  if (!user) throw notFound("user");
  return user;
};

/**
 * Changes a role or disables / enables an account, refusing to leave no enabled admin. Disabling ends the
 * account's sessions at once; its API tokens are refused while it stays disabled (authenticate checks),
 * and its judgments and campaign work stay where they are.
 */
export function updateAccount(store: AccountStore, id: number, change: UpdateUserBody): User {
  // IMMEDIATE: the last-admin count and the write must see the same database, even with another writer.
  return store.db
    .transaction(() => {
      const user = found(store, id);
      const role: Role = change.role ?? user.role;
      const disabled = change.disabled ?? user.disabled;
      const staysAdmin = role === "admin" && !disabled;
      if (user.role === "admin" && !user.disabled && !staysAdmin && store.users.enabledAdminCount() <= 1) {
        throw conflict(`"${user.username}" is the last enabled admin: make another admin first`);
      }
      if (role !== user.role) store.users.setRole(id, role);
      if (disabled !== user.disabled) store.users.setDisabled(id, disabled ? store.now() : null);
      if (disabled) store.sessions.deleteForUser(id);
      return found(store, id);
    })
    .immediate();
}

/**
 * Sets a new password (the given one, else a random one to show once) and ends the account's sessions and
 * forgets its browsers: whoever knew the old password may have been signed in.
 */
export async function resetPassword(store: AccountStore, id: number, given?: string): Promise<{ user: User; password: string }> {
  found(store, id);
  const password = given ?? randomPassword();
  const hash = await hashPassword(password);
  const user = store.db
    .transaction(() => {
      const user = found(store, id);
      store.users.setPasswordHash(id, hash);
      store.sessions.deleteForUser(id);
      store.deviceCookies.deleteForUser(id);
      return user;
    })
    .immediate();
  return { user, password };
}

/** Ends every session of an account (its API tokens are separate: their owner revokes them). */
export function endSessions(store: AccountStore, id: number): number {
  found(store, id);
  return store.sessions.deleteForUser(id);
}
