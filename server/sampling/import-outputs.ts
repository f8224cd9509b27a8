import { z } from "zod";
import type { LineError } from "../../shared/schemas/error";
import type { ImportOutputsBody } from "../../shared/schemas/sample";
import type { Lang } from "../../shared/schemas/instruction";
import { offlineSignals } from "../../shared/scoring/offline-signals";
import { countWords } from "../../shared/scoring/word-count";
import type { Context } from "../context";
import { HttpError, badRequest } from "../http/errors";
import { readJsonl } from "../instructions/read-records";
import { modelDefaults } from "./model-fields";

const LongprefLineSchema = z.object({
  instruction_id: z.union([z.string().min(1), z.number()]).optional(),
  prompt: z.string().min(1).optional(),
  model: z.string().trim().min(1, "model is required").max(100),
  text: z.string(),
  sample_index: z.number().int().nonnegative().optional(),
  finish_reason: z.string().max(50).nullable().optional(),
});
const LongWriterLineSchema = z.object({ prompt: z.string().min(1), response: z.string() });

interface Output {
  line: number;
  instructionId: number;
  model: string;
  text: string;
  sampleIndex?: number;
  finishReason: string | null;
}

export interface ImportOutputsOptions {
  source?: "imported" | "demo";
  /** Models created by this import that are baselines (the demo's reference). */
  referenceModels?: string[];
}

/**
 * Imports outputs made elsewhere as finished samples, one import job per model, all or nothing: every
 * line naming an unknown instruction or malformed is reported with its number and nothing is written.
 */
export function importOutputs(ctx: Context, body: ImportOutputsBody, createdBy: number | null, options: ImportOutputsOptions = {}) {
  const set = ctx.sets.get(body.set_id);
  if (!set) throw badRequest(`set_id: instruction set ${body.set_id} not found`);
  const read = readJsonl(body.content);
  const format = body.format ?? (read.columns.has("response") ? "longwriter" : "longpref");
  if (format === "longwriter" && !body.model_name) throw badRequest("model_name: required for LongWriter prediction files");

  const byExternalId = new Map<string, number>();
  const byPrompt = new Map<string, number | "ambiguous">();
  const langOf = new Map<number, Lang>();
  for (const id of ctx.instructions.ids({ set: set.id })) {
    const instruction = ctx.instructions.get(id)!;
    byExternalId.set(instruction.external_id, id);
    langOf.set(id, instruction.lang);
    byPrompt.set(instruction.prompt, byPrompt.has(instruction.prompt) ? "ambiguous" : id);
  }
  const errors: LineError[] = [...read.errors];
  const outputs: Output[] = [];
  const lookup = (line: number, externalId: string | undefined, prompt: string | undefined): number | undefined => {
    const found = externalId !== undefined ? byExternalId.get(externalId) : prompt !== undefined ? byPrompt.get(prompt) : undefined;
    if (found === "ambiguous") errors.push({ line, message: "the prompt matches several instructions of the set; give instruction_id" });
    else if (found === undefined) {
      errors.push({
        line,
        message: externalId !== undefined ? `unknown instruction "${externalId}" in set "${set.name}"` :
          prompt !== undefined ? `no instruction of set "${set.name}" has exactly this prompt` : "instruction_id or prompt is required",
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
      if (instructionId !== undefined) outputs.push({ line, instructionId, model: body.model_name!, text: parsed.data.response, finishReason: null });
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
        outputs.push({ line, instructionId, model: body.model_name ?? d.model, text: d.text, sampleIndex: d.sample_index, finishReason: d.finish_reason ?? null });
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
    if (taken.has(slot)) errors.push({ line: o.line, message: `duplicate output: sample ${o.sampleIndex} of this instruction and model is on line ${taken.get(slot)}` });
    else taken.set(slot, o.line);
  }
  if (read.records.length === 0 && errors.length === 0) errors.push({ line: 1, message: "the file holds no outputs" });
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new HttpError(400, "invalid_file", `the file has ${errors.length} bad line${errors.length === 1 ? "" : "s"}; nothing was imported`, { lines: errors });
  }

  const now = ctx.now();
  const source = options.source ?? "imported";
  return ctx.db.transaction(() => {
    const jobs = new Map<string, number>();
    for (const name of new Set(outputs.map((o) => o.model))) {
      const model =
        ctx.models.findByName(name) ??
        ctx.models.create(
          {
            name,
            base_urls: [],
            model: name,
            api_key_env: null,
            params: { temperature: 0.5, top_p: null, max_tokens: 32768 },
            max_in_flight: modelDefaults.max_in_flight,
            timeout_ms: modelDefaults.timeout_ms,
            is_reference: options.referenceModels?.includes(name) ?? false,
            resume_partial: false,
          },
          source === "demo" ? "demo" : "import",
          now,
        );
      // A loop, not Math.max(...indexes): spreading a few hundred thousand arguments overflows the stack.
      const n = outputs.reduce((max, o) => (o.model === name ? Math.max(max, o.sampleIndex! + 1) : max), 0);
      jobs.set(name, ctx.jobs.create({ set_id: set.id, model_id: model.id, n, strategy: "import", filter: {}, params: model.params, templates: null, status: "done", created_by: createdBy }, now));
      for (const o of outputs.filter((x) => x.model === name)) {
        const words = countWords(o.text);
        const { flags } = offlineSignals({ text: o.text, finishReason: o.finishReason, instructionLang: langOf.get(o.instructionId)!, words });
        ctx.samples.insertFinished(
          { job_id: jobs.get(name)!, instruction_id: o.instructionId, model_id: model.id, sample_index: o.sampleIndex!, source, text: o.text, word_count: words, finish_reason: o.finishReason, flags },
          now,
        );
      }
    }
    return { job_id: [...jobs.values()][0]!, count: outputs.length, models: [...jobs.keys()] };
  })();
}
