import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const builtinTemplateName = "longpref default";
export const builtinTemplateText = readFileSync(fileURLToPath(new URL("./templates/judge.txt", import.meta.url)), "utf8");

/** The cache key of a template: judge scores made with equal texts are the same judge scores. */
export const templateHash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** What is missing for a text to be a judge template, or null. */
export function templateProblem(text: string): string | null {
  const missing = ["$INST$", "$RESPONSE$"].filter((p) => !text.includes(p));
  return missing.length === 0 ? null : `text: must contain ${missing.join(" and ")}`;
}

/**
 * The judge's prompt. One pass over the template, so an output that happens to contain "$INST$" stays as
 * written (LongWriter's two str.replace calls differ only when the instruction itself contains "$RESPONSE$").
 */
export function judgePrompt(template: string, instruction: string, response: string): string {
  return template.replace(/\$(INST|RESPONSE)\$/g, (_, name: string) => (name === "INST" ? instruction : response));
}
