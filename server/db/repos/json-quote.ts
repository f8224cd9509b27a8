import Database, { type Statement } from "better-sqlite3";

let quote: Statement<[Buffer], Buffer> | undefined;

/**
 * SQLite's json_quote over a text's UTF-8 bytes, on a connection of its own (in memory, no table): the JSONL
 * writer's escape loop in C (decision 030). It escapes `"`, `\` and bytes below 0x20 as JSON.stringify
 * does (test/property/json-bytes.test.ts holds it to that) and passes every other byte through, so the text
 * is never decoded to a JS string. The bytes must be UTF-8 (checked by the caller).
 */
export function jsonQuote(bytes: Buffer): Buffer {
  quote ??= new Database(":memory:").prepare<[Buffer], Buffer>("SELECT CAST(json_quote(CAST(? AS TEXT)) AS BLOB)").pluck();
  return quote.get(bytes)!;
}
