import express, { type RequestHandler } from "express";

/**
 * Routes whose JSON body is parsed in a worker thread, not here: express.json would spend ~0.5 s of the event
 * loop on a 50 MB import. Mounted before express.json, with the same size limit (413 unchanged).
 */
export const rawJsonPaths = ["/api/outputs/import"];

export const rawJson = (limit: number): RequestHandler => express.raw({ type: "application/json", limit });

/** The raw text to parse (in a worker), or no body at all (not JSON: the schema then names what is missing). */
export function rawBody(body: unknown): { raw: string } | { value: unknown } {
  return Buffer.isBuffer(body) ? { raw: body.toString("utf8") } : { value: body };
}
