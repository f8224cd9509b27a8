export interface Answer {
  status: number;
  body: unknown;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One JSON request; rejects when the connection fails (refused, reset, cut before the answer). */
export async function send(url: string, method: "GET" | "POST", path: string, cookie: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

/**
 * Sends the same request again after each connection failure (the server was killed; it comes back on the
 * same port), the way a client holding an idempotency key should. `failures` counts the failed attempts.
 */
export async function sendUntilAnswered(attempt: () => Promise<Answer>, deadline: number): Promise<Answer & { failures: number }> {
  let failures = 0;
  for (;;) {
    try {
      return { ...(await attempt()), failures };
    } catch (err) {
      failures++;
      if (Date.now() > deadline) throw new Error(`no answer before the deadline (${failures} failed attempts)`, { cause: err });
      await sleep(50 + Math.random() * 50);
    }
  }
}
