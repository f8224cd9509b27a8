import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JudgeTemplate, JudgeTemplateKind } from "../../shared/schemas/judging";
import type { Context } from "../context";

export const builtinTemplateName = "longpref default";
export const builtinTemplateText = readFileSync(fileURLToPath(new URL("./templates/judge.txt", import.meta.url)), "utf8");

/** The project's default template as stored (a new text of a new version becomes the builtin one). */
export const builtinTemplate = (ctx: Pick<Context, "judgeTemplates">, now: Date): JudgeTemplate =>
  ctx.judgeTemplates.builtin({ name: builtinTemplateName, text: builtinTemplateText }, now);

const placeholders: Record<JudgeTemplateKind, string[]> = {
  single: ["$INST$", "$RESPONSE$"],
  pairwise: ["$INST$", "$RESPONSE_A$", "$RESPONSE_B$"],
};

/** What is missing for a text to be a judge template of this kind, or null. */
export function templateProblem(text: string, kind: JudgeTemplateKind = "single"): string | null {
  // "$RESPONSE_A$" does not contain "$RESPONSE$", so a pairwise text never passes as a single one.
  const missing = placeholders[kind].filter((p) => !text.includes(p));
  return missing.length === 0 ? null : `text: a ${kind} template must contain ${missing.join(" and ")}`;
}

/**
 * The judge's prompt. One pass over the template, so an output that happens to contain "$INST$" stays as
 * written (LongWriter's two str.replace calls differ only when the instruction itself contains "$RESPONSE$").
 */
export function judgePrompt(template: string, instruction: string, response: string): string {
  return template.replace(/\$(INST|RESPONSE)\$/g, (_, name: string) => (name === "INST" ? instruction : response));
}
