import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JudgeTemplate } from "../../shared/schemas/judging";
import type { Context } from "../context";

export const builtinPairTemplateName = "longpref pairwise";
export const builtinPairTemplateText = readFileSync(fileURLToPath(new URL("./templates/pairwise.txt", import.meta.url)), "utf8");

/** The project's default pairwise template as stored (a new text of a new version becomes the builtin one). */
export const builtinPairTemplate = (ctx: Pick<Context, "judgeTemplates">, now: Date): JudgeTemplate =>
  ctx.judgeTemplates.builtin({ name: builtinPairTemplateName, text: builtinPairTemplateText, kind: "pairwise" }, now);

/**
 * The pairwise judge's prompt, in one pass over the template like judgePrompt (template.ts): a response that
 * quotes "$RESPONSE_B$" stays as written and never receives the other response.
 */
export function pairJudgePrompt(template: string, instruction: string, responseA: string, responseB: string): string {
  return template.replace(/\$(INST|RESPONSE_A|RESPONSE_B)\$/g, (_, name: string) =>
    name === "INST" ? instruction : name === "RESPONSE_A" ? responseA : responseB,
  );
}
