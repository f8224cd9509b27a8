// One PostgreSQL connection, owned by a worker thread so that the main thread can wait for each answer
// synchronously (sync-client.ts): the repositories are written against better-sqlite3's synchronous API and
// serve both backends unchanged. Plain JavaScript so that it starts without a TypeScript loader.
import { workerData } from "node:worker_threads";
import pg from "pg";

const { port, signal, url, statementTimeoutMs, readOnly } = workerData;

// SQLite's value types: integers (int8, counts, sums) and numerics as numbers, booleans as 1 / 0.
const parsers = {
  20: (v) => Number(v),
  1700: (v) => Number(v),
  16: (v) => (v === "t" ? 1 : 0),
};
const types = {
  getTypeParser: (oid, format) => parsers[oid] ?? pg.types.getTypeParser(oid, format),
};

let client = null;
let broken = null;

// Errors after which this connection is gone, whether or not its "error" event came first: the server ended it
// (57P01–57P03, as pg_terminate_backend does), a connection exception (08…), or the socket closed under a query.
const lostWith = (err) =>
  /^(57P0[123]|08)/.test(String(err?.code ?? "")) ||
  ["ECONNRESET", "EPIPE"].includes(err?.code) ||
  /Connection terminated/i.test(String(err?.message ?? ""));

async function connect() {
  const c = new pg.Client({ connectionString: url, types, application_name: "longpref" });
  // A lost connection is reported to the next query; the process never dies of it.
  c.on("error", (err) => {
    broken = err;
  });
  await c.connect();
  await c.query(`SET statement_timeout = ${Number(statementTimeoutMs)}`);
  if (readOnly) await c.query("SET default_transaction_read_only = on");
  client = c;
  broken = null;
}

const toBuffer = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

async function answer(m) {
  if (m.op === "close") {
    if (client) await client.end().catch(() => {});
    client = null;
    return {};
  }
  // Outside a transaction a lost connection is opened again; inside one, the transaction is lost with it.
  if (client === null || broken !== null) {
    if (m.inTransaction && client !== null) throw broken;
    if (client) client.end().catch(() => {});
    await connect();
  }
  if (m.op === "exec") {
    await client.query(m.text);
    return {};
  }
  const r = await client.query({ text: m.text, values: m.values.map(toBuffer), rowMode: m.rowMode });
  const bytea = r.fields.flatMap((f, i) => (f.dataTypeID === 17 ? [m.rowMode === "array" ? i : f.name] : []));
  return { rows: r.rows, rowCount: r.rowCount ?? 0, columns: r.fields.map((f) => f.name), bytea };
}

port.on("message", async (m) => {
  let reply;
  try {
    reply = await answer(m);
  } catch (err) {
    if (lostWith(err)) broken ??= err;
    reply = {
      error: {
        message: err?.message ?? String(err),
        code: err?.code,
        detail: err?.detail,
        constraint: err?.constraint,
        lost: broken !== null || client === null,
      },
    };
  }
  port.postMessage({ ...reply, seq: m.seq });
  Atomics.store(signal, 0, m.seq);
  Atomics.notify(signal, 0);
});
