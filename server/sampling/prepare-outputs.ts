import { z } from "zod";
import { nulMessage, withoutNul } from "../../shared/schemas/text";
import type { LineError } from "../../shared/schemas/error";
import type { ImportOutputsBody } from "../../shared/schemas/sample";
import type { Lang } from "../../shared/schemas/instruction";
import { offlineSignals } from "../../shared/scoring/offline-signals";
import { countWords } from "../../shared/scoring/word-count";
import type { InstructionKey } from "../db/repos/instructions";
import { invalidFile, invalidInput } from "../errors/domain-error";
import { emptyFileMessage } from "../instructions/parse-import";
import { readJsonl } from "../instructions/read-records";

const text = () => z.string().refine(withoutNul, nulMessage);
const LongprefLineSchema = z.object({
  instruction_id: z.union([text().min(1), z.number()]).optional(),
  prompt: text().min(1).optional(),
  model: text().trim().min(1, "model is required").max(100),
  text: text(),
  sample_index: z.number().int().nonnegative().optional(),
  finish_reason: text().max(50).nullable().optional(),
});
const LongWriterLineSchema = z.object({ prompt: text().min(1), response: text() });

/** One output ready to be written: matched to its instruction, indexed, counted and flagged. */
export interface PreparedOutput {
  instructionId: number;
  model: string;
  text: string;
  sampleIndex: number;
  finishReason: string | null;
  words: number;
  flags: string[];
}

interface Output {
  line: number;
  instructionId: number;
  model: string;
  text: string;
  sampleIndex?: number;
  finishReason: string | null;
}

/**
 * Reads an outputs file against its set's instructions: the outputs with their word counts and offline
 * signals (seconds of CPU for 50 MB: run in a worker thread by the routes and the CLI), or a 400 listing
 * every bad line. Pure: no database.
 */
export function prepareOutputs(set: { name: string }, instructions: readonly InstructionKey[], body: ImportOutputsBody): PreparedOutput[] {
  if (body.content.replace(/^\uFEFF/, "").trim() === "") throw invalidFile([{ line: 1, message: emptyFileMessage }]);
  const read = readJsonl(body.content);
  const format = body.format ?? (read.columns.has("response") ? "longwriter" : "longpref");
  if (format === "longwriter" && !body.model_name) throw invalidInput("model_name: required for LongWriter prediction files");

  const byExternalId = new Map<string, number>();
  const byPrompt = new Map<string, number | "ambiguous">();
  const langOf = new Map<number, Lang>();
  for (const instruction of instructions) {
    byExternalId.set(instruction.external_id, instruction.id);
    langOf.set(instruction.id, instruction.lang);
    byPrompt.set(instruction.prompt, byPrompt.has(instruction.prompt) ? "ambiguous" : instruction.id);
  }
  const errors: LineError[] = [...read.errors];
  const outputs: Output[] = [];
  const lookup = (line: number, externalId: string | undefined, prompt: string | undefined): number | undefined => {
    const found = externalId !== undefined ? byExternalId.get(externalId) : prompt !== undefined ? byPrompt.get(prompt) : undefined;
    if (found === "ambiguous") errors.push({ line, message: "the prompt matches several instructions of the set; give instruction_id" });
    else if (found === undefined) {
      errors.push({
        line,
        message:
          externalId !== undefined
            ? `unknown instruction "${externalId}" in set "${set.name}"`
            : prompt !== undefined
              ? `no instruction of set "${set.name}" has exactly this prompt`
              : "instruction_id or prompt is required",
      });
    } else return found;
    return undefined;
  };
  for (const { line, fields } of read.records) {
    if (format === "longwriter") {
      const parsed = LongWriterLineSchema.safeParse(fields);
      if (!parsed.success) {
        errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
        continue;
      }
      const instructionId = lookup(line, undefined, parsed.data.prompt);
      if (instructionId !== undefined)
        outputs.push({ line, instructionId, model: body.model_name!, text: parsed.data.response, finishReason: null });
    } else {
      const parsed = LongprefLineSchema.safeParse(fields);
      if (!parsed.success) {
        errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
        continue;
      }
      const d = parsed.data;
      const externalId = d.instruction_id === undefined ? undefined : String(d.instruction_id);
      const instructionId = lookup(line, externalId, d.prompt);
      if (instructionId !== undefined) {
        outputs.push({
          line,
          instructionId,
          model: body.model_name ?? d.model,
          text: d.text,
          sampleIndex: d.sample_index,
          finishReason: d.finish_reason ?? null,
        });
      }
    }
  }
  // Sample indexes: as given, else the next free one per (model, instruction) within this file.
  const taken = new Map<string, number>();
  const next = new Map<string, number>();
  for (const o of outputs) {
    const key = `${o.model}\n${o.instructionId}`;
    if (o.sampleIndex === undefined) {
      let i = next.get(key) ?? 0;
      while (taken.has(`${key}\n${i}`)) i++;
      o.sampleIndex = i;
      next.set(key, i + 1);
    }
    const slot = `${key}\n${o.sampleIndex}`;
    if (taken.has(slot))
      errors.push({
        line: o.line,
        message: `duplicate output: sample ${o.sampleIndex} of this instruction and model is on line ${taken.get(slot)}`,
      });
    else taken.set(slot, o.line);
  }
  if (read.records.length === 0 && errors.length === 0) errors.push({ line: 1, message: "the file holds no outputs" });
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw invalidFile(errors);
  }
  return outputs.map((o) => {
    const words = countWords(o.text);
    const { flags } = offlineSignals({ text: o.text, finishReason: o.finishReason, instructionLang: langOf.get(o.instructionId)!, words });
    return {
      instructionId: o.instructionId,
      model: o.model,
      text: o.text,
      sampleIndex: o.sampleIndex!,
      finishReason: o.finishReason,
      words,
      flags,
    };
  });
}
