import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const adminPassword = "fault admin password";

/** A free TCP port, kept across restarts so clients reconnect to the same address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` (server/serve.js: the prebuilt server, rebuilt if a source changed) as a real child process on one database file and one port, which
 * the test can kill -9 and start again: what a crash and a supervisor's restart do. Port 0 lets the
 * system choose (read from the "serving" line); a fixed port keeps one address across restarts.
 * `env` overrides the defaults (no demo, a known admin password).
 */
export class ServerProcess {
  url: string;
  private child: ChildProcess | undefined;
  output = "";
  starts = 0;
  kills = 0;

  constructor(
    readonly dbPath: string,
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** A server on a system-chosen port, started. */
  static async start(dbPath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(dbPath, 0, env);
    await server.start();
    return server;
  }

  get pid() {
    return this.child?.pid;
  }

  /**
   * Starts the server and resolves once it serves (its "serving" line). The port is kept across restarts;
   * should an outgoing connection hold it for a moment (it is an ephemeral port), the start is tried again.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce();
      } catch (err) {
        if (attempt >= 5 || !String(err).includes("EADDRINUSE")) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async startOnce(): Promise<void> {
    if (this.child) throw new Error("server already running");
    const child = spawn(process.execPath, ["server/serve.js"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.port),
        LONGPREF_DB: this.dbPath,
        LONGPREF_ADMIN_PASSWORD: adminPassword,
        LONGPREF_NO_DEMO: "1",
        LONGPREF_MODELS_FILE: join(this.dbPath, "..", "models.json"),
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts++;
    let seen = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${seen}`)), 60_000);
      const read = (chunk: Buffer) => {
        seen += chunk.toString();
        this.output = (this.output + chunk.toString()).slice(-20_000);
        const serving = /longpref is serving http:\/\/[^:\s]+:(\d+)/.exec(seen);
        if (serving) {
          this.url = `http://127.0.0.1:${serving[1]}`;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = undefined;
        reject(new Error(`server exited (${code ?? signal}) while starting:\n${seen}`));
      });
    });
  }

  /** kill -9: no handler runs, no connection is closed cleanly, nothing is flushed by the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.kills++;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** A clean stop (SIGTERM): the server closes its database; used at the end of a test. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}

/** Logs in over HTTP and answers the session cookie. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const answer = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${await answer.text()}`);
  return answer.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
