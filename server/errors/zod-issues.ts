import type { ZodError } from "zod";

/** Zod issues as `path: message` lines, so a refusal names the failing field. */
export function describeZodError(error: ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.flatMap((i) => {
    const path = i.path.map(String);
    // An unknown field is named by its own path, not its parent's, so the answer names what to remove.
    if (i.code === "unrecognized_keys") {
      return i.keys.map((key) => ({ path: [...path, key].join("."), message: "unknown field" }));
    }
    return [{ path: path.join(".") || "(body)", message: i.message }];
  });
  return { message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}
