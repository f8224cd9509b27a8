import type { Context } from "../context";
import { DomainError } from "../errors/domain-error";
import { UsageError } from "./cli-error";
import { resolveRef } from "./resolve-ref";

/**
 * Gathers what is wrong with a command's options so that all of it is told at once: a usage error (exit
 * code 2) when any value is malformed, else one not_found error (exit code 1) naming every unknown id or name.
 */
export class OptionProblems {
  private readonly usages: string[] = [];
  private readonly missing: string[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly json: boolean,
  ) {}

  usage(problem: string | false) {
    if (problem !== false) this.usages.push(problem);
  }

  /** The thing an option names (resolve-ref.ts's rule), or undefined with the problem noted. */
  ref<T extends { id: number }>(kind: Parameters<typeof resolveRef<T>>[1], option: string, value: string): T | undefined {
    // An ambiguous value is explained on stderr, except under --json where stderr is for one error object.
    const note = (message: string) => void (this.json ? undefined : console.error(message));
    try {
      return resolveRef(this.ctx, kind, option, value, note);
    } catch (err) {
      if (err instanceof UsageError) this.usages.push(...err.problems);
      else if (err instanceof DomainError) this.missing.push(err.message);
      else throw err;
      return undefined;
    }
  }

  throwIfAny() {
    if (this.usages.length > 0) throw new UsageError([...this.usages, ...this.missing]);
    if (this.missing.length > 0) throw new DomainError("not_found", "not_found", this.missing.join("; "), { problems: this.missing });
  }
}
