import type { Context } from "../context";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";

/** What an option names: an instruction set, a model, a pair run or a campaign. */
interface RefKind<T> {
  /** "instruction set": how messages call it. */
  what: string;
  /** What `longpref ls` calls the list: "sets". */
  list: string;
  byId(ctx: Context, id: number): T | undefined;
  /** Absent for what has no name (pair runs). */
  byName?(ctx: Context, name: string): T | undefined;
}

interface Named {
  id: number;
  name: string;
}

export const setRef: RefKind<Named> = {
  what: "instruction set",
  list: "sets",
  byId: (ctx, id) => ctx.sets.get(id),
  byName: (ctx, name) => ctx.sets.findByName(name),
};

export const modelRef: RefKind<Named> = {
  what: "model",
  list: "models",
  byId: (ctx, id) => ctx.models.get(id),
  byName: (ctx, name) => ctx.models.findByName(name),
};

export const runRef: RefKind<{ id: number }> = {
  what: "pair run",
  list: "runs",
  byId: (ctx, id) => ctx.pairRuns.get(id),
};

export const campaignRef: RefKind<Named> = {
  what: "campaign",
  list: "campaigns",
  byId: (ctx, id) => ctx.campaigns.get(id),
  // Names are unique (migration 006); the CLI reads the list rather than adding a query for one lookup.
  byName: (ctx, name) => ctx.campaigns.list().find((c) => c.name === name),
};

const notFound = (option: string, message: string) => new DomainError("not_found", "not_found", `${option}: ${message}`, { option });

/**
 * The one rule for options that name something (--set, --model, --judge, --run, --campaign): an id or a
 * name; digits are an id first, then a name. When digits are the id of one and the name of another, the id
 * wins and `note` says so, naming the option value that picks the other. Unknown: a not_found error (exit
 * code 1); a name where only ids exist: a usage error (exit code 2).
 */
export function resolveRef<T extends { id: number }>(
  ctx: Context,
  kind: RefKind<T>,
  option: string,
  value: string,
  note: (message: string) => void = () => {},
): T {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const byId = kind.byId(ctx, Number(text));
    const byName = kind.byName?.(ctx, text);
    if (byId && byName && byName.id !== byId.id) {
      note(`${option} ${text}: taken as the id of ${kind.what} ${byId.id}; the ${kind.what} named "${text}" is ${option} ${byName.id}`);
    }
    const found = byId ?? byName;
    if (found) return found;
    throw notFound(option, kind.byName ? `no ${kind.what} with id ${text} or named "${text}"` : `${kind.what} ${text} not found`);
  }
  if (!kind.byName)
    throw usageError(`${option}: an id (${kind.what}s have no names; \`longpref ls ${kind.list}\` lists them), not "${value}"`);
  const found = kind.byName(ctx, text);
  if (!found) throw notFound(option, `no ${kind.what} named "${value}"`);
  return found;
}
