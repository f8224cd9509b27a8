import type { Command } from "commander";
import { PasswordSchema, RoleSchema, type User } from "../../shared/schemas/user";
import { resetPassword, updateAccount, type AccountStore } from "../auth/accounts";
import { deviceCookiesRepo } from "../db/repos/device-cookies";
import { sessionsRepo } from "../db/repos/sessions";
import { usersRepo } from "../db/repos/users";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";
import { openMigrated } from "./open-db";

interface DbOption {
  db?: string;
}

/** Runs an account action on the CLI's database; a refusal (unknown user, last admin) goes to main.ts, exit code 1. */
async function withAccounts(opts: DbOption, action: (store: AccountStore) => Promise<void> | void) {
  const db = openMigrated(opts.db);
  try {
    await action({ db, users: usersRepo(db), sessions: sessionsRepo(db), deviceCookies: deviceCookiesRepo(db), now: () => new Date() });
  } finally {
    db.close();
  }
}

function named(store: AccountStore, name: string): User {
  const user = store.users.findByName(name.trim());
  if (!user) throw new DomainError("not_found", "not_found", `no user named "${name}" (npx longpref user list shows them)`);
  return user;
}

const dbOption = ["--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)"] as const;

/** `user list | disable | enable | set-role | set-password`, the same rules as the admin's Users page. */
export function registerUserAccountCommands(user: Command) {
  user
    .command("list")
    .description("list accounts with their role and whether they are disabled")
    .option("--json", 'print {"users": [{"name", "role", "disabled", "created_at"}]}')
    .option(...dbOption)
    .action((opts: DbOption & { json?: boolean }) =>
      withAccounts(opts, ({ users }) => {
        const rows = users.list().map((u) => ({ name: u.username, role: u.role, disabled: u.disabled, created_at: u.created_at }));
        if (opts.json) return void console.log(JSON.stringify({ users: rows }));
        const table = [
          ["name", "role", "disabled", "created_at"],
          ...rows.map((r) => [r.name, r.role, r.disabled ? "yes" : "no", r.created_at]),
        ];
        const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        for (const row of table)
          console.log(
            row
              .map((cell, i) => cell.padEnd(widths[i]!))
              .join("  ")
              .trimEnd(),
          );
      }),
    );

  for (const [command, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(command)
      .description(
        disabled
          ? "disable an account: it cannot sign in, its sessions end, its tokens stop working; its work stays"
          : "enable a disabled account",
      )
      .argument("<name>", "username")
      .option(...dbOption)
      .action((name: string, opts: DbOption) =>
        withAccounts(opts, (store) => {
          const updated = updateAccount(store, named(store, name).id, { disabled });
          console.log(`${disabled ? "Disabled" : "Enabled"} "${updated.username}".`);
        }),
      );
  }

  user
    .command("set-role")
    .description("change an account's role (the last enabled admin keeps theirs)")
    .argument("<name>", "username")
    .argument("<role>", "admin | researcher | annotator")
    .option(...dbOption)
    .action((name: string, roleArg: string, opts: DbOption) => {
      const role = RoleSchema.safeParse(roleArg);
      if (!role.success) throw usageError(`role: must be admin, researcher or annotator, not "${roleArg}"`);
      return withAccounts(opts, (store) => {
        const updated = updateAccount(store, named(store, name).id, { role: role.data });
        console.log(`"${updated.username}" is now ${updated.role}.`);
      });
    });

  user
    .command("set-password")
    .description("set an account's password (prints a random one when --password is not given); ends its sessions")
    .argument("<name>", "username")
    .option("--password <password>", "the new password (at least 8 characters)")
    .option(...dbOption)
    .action((name: string, opts: DbOption & { password?: string }) => {
      const given = opts.password === undefined ? undefined : PasswordSchema.safeParse(opts.password);
      if (given && !given.success) throw usageError(`--password: ${given.error.issues[0]?.message}`);
      return withAccounts(opts, async (store) => {
        const { user: updated, password } = await resetPassword(store, named(store, name).id, given?.data);
        console.log(`Password of "${updated.username}" changed; their sessions ended.`);
        if (!given) console.log(`Password (shown once): ${password}`);
      });
    });
}
