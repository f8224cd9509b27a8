import { z } from "zod";

/**
 * Text a filter compares or searches for: no NUL character. SQLite reads a LIKE pattern as a C string, up to a
 * NUL (a search for "\0" matched everything); PostgreSQL text cannot hold one at all; no stored label holds one.
 */
export const filterText = (max: number) => z.string().max(max).refine(withoutNul, nulMessage);

/** No NUL character: PostgreSQL's text cannot hold one, so imports refuse it on both backends (line named). */
export const withoutNul = (s: string) => !s.includes("\0");
export const nulMessage = "must not contain NUL characters";

/** Ids separated by commas, e.g. "3,7": each at most 15 digits, a safe integer in JS and a BIGINT in SQL. */
export const idListText = (what: string) => z.string().regex(/^\d{1,15}(,\d{1,15})*$/, `${what} ids separated by commas`);
