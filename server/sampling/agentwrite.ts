import { readFileSync } from "node:fs";
import type { AgentWriteTemplates } from "../db/repos/sampling-jobs";

const templateDir = new URL("./templates/", import.meta.url);
export const defaultAgentWriteTemplates: AgentWriteTemplates = {
  plan: readFileSync(new URL("agentwrite-plan.txt", templateDir), "utf8").trim(),
  write: readFileSync(new URL("agentwrite-write.txt", templateDir), "utf8").trim(),
};

/**
 * Placeholders replaced in order, every occurrence, literally (Python's str.replace, as LongWriter does):
 * JS replace() with a string would stop at the first one and expand `$&` in the inserted text.
 * Later placeholders are substituted inside text inserted earlier, as in LongWriter's write.py.
 */
export function fillTemplate(template: string, values: [placeholder: string, value: string][]): string {
  return values.reduce((text, [placeholder, value]) => text.split(placeholder).join(value), template);
}

export const maxPlanSteps = 50;

/**
 * The plan's steps, one per line as LongWriter's write.py splits them (blank lines dropped), or the
 * reason the plan is unusable. A usable plan has 1–50 steps and most of them carry a number (a paragraph
 * number or a word count): prose without one is not a plan.
 */
export function parsePlan(plan: string): { steps: string[] } | { error: string } {
  const steps = plan
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (steps.length === 0) return { error: "the plan is empty" };
  if (steps.length > maxPlanSteps) return { error: `the plan has ${steps.length} steps (at most ${maxPlanSteps})` };
  const numbered = steps.filter((s) => /\d|[一二三四五六七八九十]/.test(s)).length;
  if (numbered * 2 < steps.length) return { error: "the plan has no paragraph numbers or word counts: not one step per line" };
  return { steps };
}

export function planPrompt(templates: AgentWriteTemplates, instruction: string): string {
  return fillTemplate(templates.plan, [["$INST$", instruction]]);
}

export function writePrompt(templates: AgentWriteTemplates, instruction: string, plan: string, written: string, step: string): string {
  return fillTemplate(templates.write, [
    ["$INST$", instruction],
    ["$PLAN$", plan.trim()],
    ["$TEXT$", written.trim()],
    ["$STEP$", step.trim()],
  ]);
}

/** The sample's text: the paragraphs in order, a blank line between them. */
export const joinSteps = (steps: string[]) => steps.map((s) => s.trim()).join("\n\n");
