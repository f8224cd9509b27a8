import express, { type RequestHandler } from "express";
import { ZodError } from "zod";
import type { BodySchemaName, JsonMessage } from "../workers/json-worker";
import { runWorker } from "../workers/start";
import { HttpError } from "./errors";

/**
 * Routes whose JSON body is parsed in a worker thread, not here: express.json would spend ~0.5 s of the event
 * loop on a 50 MB import. Mounted before express.json, with the same size limit (413 unchanged); each route parses its body
 * once its access check has passed.
 */
export const rawJsonPaths = ["/api/outputs/import", "/api/instruction-sets/import"];

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

const jsonWorker = new URL("../workers/json-worker.ts", import.meta.url);

/**
 * Parses and checks a raw JSON body in a worker thread, its bytes moved there: 400 invalid_json or the
 * fields named (a ZodError), exactly as express.json and the route's schema would answer.
 */
export function parseJsonOffThread(bytes: Uint8Array, schema: BodySchemaName): Promise<unknown> {
  const transfer = bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
  return runWorker<{ bytes: Uint8Array; schema: BodySchemaName }, JsonMessage, unknown>(
    jsonWorker,
    { bytes, schema },
    transfer,
    "the JSON parser",
    (message, settle) => {
      if (message.kind === "ok") settle.resolve(message.value);
      else if (message.kind === "invalid_json") settle.reject(new HttpError(400, "invalid_json", "the request body is not valid JSON"));
      else settle.reject(new ZodError(message.issues as ZodError["issues"]));
    },
  );
}
