import type { Context } from "../context";
import { modelDefaults } from "./model-fields";
import type { PreparedOutput } from "./prepare-outputs";

export interface ImportOutputsOptions {
  source?: "imported" | "demo";
  /** Models created by this import that are baselines (the demo's reference). */
  referenceModels?: string[];
}

export type OutputsDeps = Pick<Context, "db" | "models" | "samplingJobs" | "samples" | "now">;

/** One import job per model: where its outputs go. */
export interface OutputsJob {
  model: string;
  modelId: number;
  jobId: number;
}

export interface ImportOutputsResult {
  job_id: number;
  count: number;
  models: string[];
}

/**
 * Creates each model the outputs name (when unknown) and one finished import job per model; with `writer`,
 * the jobs are hidden ('importing', migration 011) until published. Run inside a transaction.
 */
export function createOutputJobs(
  deps: OutputsDeps,
  setId: number,
  outputs: readonly PreparedOutput[],
  createdBy: number | null,
  options: ImportOutputsOptions,
  writer: string | null,
): OutputsJob[] {
  const now = deps.now();
  const source = options.source ?? "imported";
  const jobs: OutputsJob[] = [];
  for (const name of new Set(outputs.map((o) => o.model))) {
    const model =
      deps.models.findByName(name) ??
      deps.models.create(
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
    const n = outputs.reduce((max, o) => (o.model === name ? Math.max(max, o.sampleIndex + 1) : max), 0);
    const job = {
      set_id: setId,
      model_id: model.id,
      n,
      strategy: "import" as const,
      filter: {},
      params: model.params,
      templates: null,
      status: "done" as const,
      created_by: createdBy,
    };
    const jobId = writer === null ? deps.samplingJobs.create(job, now) : deps.samplingJobs.createImporting(job, writer, now);
    jobs.push({ model: name, modelId: model.id, jobId });
  }
  return jobs;
}

/** At most this many outputs, or about this much text, go to the database in one statement. */
const sliceRows = 500;
const sliceChars = 1_000_000;

/**
 * Writes outputs from `at` on as finished samples of their models' jobs, one slice (up to 500 outputs or about
 * 1 MB of text, at least one output); answers where it stopped.
 */
export function insertOutputsFrom(
  deps: OutputsDeps,
  jobs: readonly OutputsJob[],
  outputs: readonly PreparedOutput[],
  at: number,
  source: "imported" | "demo",
): number {
  let end = at;
  for (let chars = 0; end < outputs.length && end - at < sliceRows && chars < sliceChars; end++) chars += outputs[end]!.text.length;
  const rows = outputs.slice(at, end).map((o) => {
    const job = jobs.find((j) => j.model === o.model)!;
    return {
      job_id: job.jobId,
      instruction_id: o.instructionId,
      model_id: job.modelId,
      sample_index: o.sampleIndex,
      source,
      text: o.text,
      word_count: o.words,
      finish_reason: o.finishReason,
      flags: o.flags,
    };
  });
  deps.samples.insertFinished(rows, deps.now());
  return end;
}

export const outputsResult = (jobs: readonly OutputsJob[], count: number): ImportOutputsResult => ({
  job_id: jobs[0]!.jobId,
  count,
  models: jobs.map((j) => j.model),
});
