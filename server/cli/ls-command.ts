import { Argument, type Command } from "commander";
import { type Context, createContext } from "../context";
import { silentLogger } from "../logger";
import { openMigrated } from "./open-db";

const lists = ["sets", "models", "runs", "campaigns", "users"] as const;
type List = (typeof lists)[number];
type Row = Record<string, string | number | boolean | null>;

// Only the host of an endpoint: a base URL's path or a query string may carry what is not for a listing.
const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : "(invalid URL)");

/**
 * The columns a researcher picks one by, built field by field from the repos' objects: nothing else of
 * them (no API key variable, no full base URL, no password hash, which the users repo never returns).
 */
const rowsOf: Record<List, (ctx: Context) => Row[]> = {
  sets: (ctx) => ctx.sets.list().map((s) => ({ id: s.id, name: s.name, instructions: s.instruction_count, created_at: s.created_at })),
  models: (ctx) =>
    ctx.models.list().map((m) => ({
      id: m.id,
      name: m.name,
      model: m.model,
      hosts: [...new Set(m.base_urls.map(hostOf))].join(", ") || null,
      reference: m.is_reference,
    })),
  runs: (ctx) =>
    ctx.pairRuns.list().map((r) => ({
      id: r.id,
      set: r.set_name,
      judge: r.judge_model_name,
      proposals: r.proposals,
      created_at: r.created_at,
    })),
  campaigns: (ctx) =>
    ctx.campaigns.list().map((c) => ({
      id: c.id,
      title: c.title,
      name: c.name,
      mode: c.kind,
      status: c.status,
      judgments: c.judgments,
    })),
  users: (ctx) => ctx.users.list().map((u) => ({ id: u.id, name: u.username, role: u.role, disabled: u.disabled })),
};

const cell = (v: Row[string]) => (v === null ? "-" : typeof v === "boolean" ? (v ? "yes" : "no") : String(v));

function table(rows: Row[]): string {
  const header = Object.keys(rows[0]!);
  const cells = [header, ...rows.map((r) => header.map((k) => cell(r[k]!)))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function registerLsCommand(program: Command) {
  program
    .command("ls")
    .description("list the ids and names that --set, --model, --judge, --run and --campaign take")
    .addArgument(new Argument("<what>", lists.join(" | ")).choices(lists))
    .option("--json", "print an array of objects")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action((what: List, opts: { json?: boolean; db?: string }) => {
      const db = openMigrated(opts.db);
      try {
        const rows = rowsOf[what](createContext(db, () => new Date(), silentLogger));
        if (opts.json) console.log(JSON.stringify(rows));
        else console.log(rows.length === 0 ? `No ${what}.` : table(rows));
      } finally {
        db.close();
      }
    });
}
