import type { Command } from "commander";
import { PasswordSchema, RoleSchema, UsernameSchema } from "../../shared/schemas/user";
import { hashPassword, randomPassword } from "../auth/password";
import { usersRepo } from "../db/repos/users";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";
import { registerUserAccountCommands } from "./user-account-commands";
import { openMigrated } from "./open-db";

interface UserAddOptions {
  role: string;
  password?: string;
  db?: string;
}

export function registerUserCommand(program: Command) {
  const user = program.command("user").description("manage accounts");
  user
    .command("add")
    .description("add a user (prints a random password when --password is not given)")
    .argument("<name>", "username")
    .requiredOption("--role <role>", "admin | researcher | annotator")
    .option("--password <password>", "password (at least 8 characters); read from $LONGPREF_NEW_PASSWORD if set")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (name: string, opts: UserAddOptions) => {
      const username = UsernameSchema.safeParse(name);
      const role = RoleSchema.safeParse(opts.role);
      const given = opts.password ?? process.env.LONGPREF_NEW_PASSWORD;
      const password = given === undefined ? undefined : PasswordSchema.safeParse(given);
      const problems = [
        !username.success && `name: ${username.error.issues[0]?.message}`,
        !role.success && `--role: must be admin, researcher or annotator`,
        password && !password.success && `--password: ${password.error.issues[0]?.message}`,
      ].filter((p): p is string => typeof p === "string");
      if (problems.length > 0 || !username.success || !role.success) throw usageError(...problems);
      const db = openMigrated(opts.db);
      try {
        const users = usersRepo(db);
        if (users.findByName(username.data)) throw new DomainError("conflict", "conflict", `user "${username.data}" already exists`);
        const secret = password?.success ? password.data : randomPassword();
        users.create(username.data, role.data, await hashPassword(secret), new Date());
        console.log(`Added ${role.data} "${username.data}".`);
        if (!password) console.log(`Password (shown once): ${secret}`);
      } finally {
        db.close();
      }
    });
  registerUserAccountCommands(user);
}
