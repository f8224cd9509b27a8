import { createHash, randomBytes } from "node:crypto";

// Session ids and API tokens are 256-bit random values, so a plain SHA-256 is enough to store them:
// a database leak then gives nothing usable, and lookup stays an indexed equality.
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
