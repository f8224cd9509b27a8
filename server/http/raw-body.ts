import express, { type RequestHandler } from "express";

/**
 * Routes whose JSON body is parsed in a worker thread, not here: express.json would spend ~0.5 s of the event
 * loop on a 50 MB import. Mounted before express.json, with the same size limit (413 unchanged).
 */
export const rawJsonPaths = ["/api/outputs/import"];

export const rawJson = (limit: number): RequestHandler => express.raw({ type: "application/json", limit });

/**
 * The raw bytes to decode and parse in a worker, in a buffer of their own that can be moved there without a
 * copy; or no body at all (not JSON: the schema then names what is missing).
 */
export function rawBody(body: unknown): { raw: Uint8Array } | { value: unknown } {
  if (!Buffer.isBuffer(body)) return { value: body };
  const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  return { raw: own ? new Uint8Array(body.buffer) : Uint8Array.from(body) };
}
