import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { dialectOf } from "./dialect";
import type { Db } from "./open";

export type DatabaseState = "ok" | "read_only" | "disk_full" | "error";

export interface DatabaseHealth {
  state: DatabaseState;
  /** Why the state is not ok; names no path. */
  message?: string;
}

// Below this much free space on the database's file system, writes are about to fail: a checkpoint or one
// import needs more than a few pages.
const minFreeBytes = 1024 * 1024;
// An error SQLite raised while serving keeps health not ok this long (a disk that filled and was freed
// again shows ok after it).
const errorMemoryMs = 60_000;

const stateOfCode: Record<string, DatabaseState> = {
  SQLITE_FULL: "disk_full",
  SQLITE_READONLY: "read_only",
  SQLITE_CORRUPT: "error",
  SQLITE_NOTADB: "error",
  SQLITE_IOERR: "error",
};

/**
 * The database's state for GET /api/health: cheap enough for every request (three pragmas, a one-row read
 * and a statfs; no integrity check, which runs at start), and what SQLite errors the requests met lately.
 */
export class DatabaseMonitor {
  private lastError: { state: DatabaseState; code: string; at: number } | undefined;
  private readonly probe;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.probe = db.prepare("SELECT COUNT(*) AS n FROM schema_migrations");
  }

  /** Records an error a request met, when it is one of the database's states. */
  note(err: unknown) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== "string") return;
    const state = stateOfCode[code] ?? stateOfCode[code.replace(/_[A-Z]+$/, "")];
    if (state) this.lastError = { state, code, at: this.now() };
  }

  health(): DatabaseHealth {
    try {
      this.probe.get();
      if (this.db.readonly) return { state: "read_only", message: "the database is open read-only" };
      // PostgreSQL reports a full disk or a read-only server as errors of the requests (note()).
      if (dialectOf(this.db) === "postgres") return this.recent();
      const pages = this.db.pragma("page_count", { simple: true }) as number;
      const maxPages = this.db.pragma("max_page_count", { simple: true }) as number;
      const freePages = this.db.pragma("freelist_count", { simple: true }) as number;
      if (pages >= maxPages && freePages === 0)
        return { state: "disk_full", message: "the database reached its largest size (max_page_count)" };
      if (!this.db.memory) {
        const fs = statfsSync(dirname(this.db.name));
        if (fs.bavail * fs.bsize < minFreeBytes) return { state: "disk_full", message: "the disk holding the database is full" };
      }
    } catch (err) {
      this.note(err);
      return { state: this.lastError?.state ?? "error", message: "the database cannot be read" };
    }
    return this.recent();
  }

  private recent(): DatabaseHealth {
    if (this.lastError && this.now() - this.lastError.at < errorMemoryMs) {
      return { state: this.lastError.state, message: `a request met ${this.lastError.code} in the last minute` };
    }
    return { state: "ok" };
  }
}
