import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A file of ../shared/fixtures (the reference data handed to the project; read, never copied). */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/${relative}`, import.meta.url));
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), "utf8");
}
