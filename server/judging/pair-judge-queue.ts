import { parsePairAnswer } from "../../shared/scoring/pair-verdict";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { ClaimedPairJudgment } from "../db/repos/pair-judgments";
import { PermanentError } from "../llm/retry";
import type { WorkQueue } from "../work/queue";
import { pairJudgePrompt } from "./pair-template";

/**
 * Answers of running pair judge jobs: one prompt per order of a pair (the first sample as Response A), the
 * answer read strictly (shared/scoring/pair-verdict.ts). An unreadable answer is asked for again up to the
 * job's max_answers; then the answer fails as "judge failed" with the last raw answer kept, never counted.
 */
export function pairJudgeQueue(ctx: Context, o: { clock: Clock }): WorkQueue<ClaimedPairJudgment> {
  const now = () => o.clock.now();
  return {
    kind: "pair-judging",
    modelsWithWork: () => ctx.pairJudgeJobs.runningModelIds(),
    claim: (modelId, owner, at, leaseMs) => ctx.pairJudgments.claim(modelId, owner, at, leaseMs),
    renewLeases: (owner, until) => void ctx.pairJudgments.renewLeases(owner, until),
    isJobRunning: (jobId) => ctx.pairJudgeJobs.status(jobId) === "running",
    finishJobIfComplete: (jobId, at) => ctx.pairJudgeJobs.finishIfComplete(jobId, at),
    countAttempt: (item, owner, at) => ctx.pairJudgments.countAttempt(item.id, owner, at),
    recordError: (item, owner, message, at) => ctx.pairJudgments.recordError(item.id, owner, message, at),
    release: (item, owner, at) => ctx.pairJudgments.release(item.id, owner, at),
    fail: (item, owner, message, at) => ctx.pairJudgments.fail(item.id, owner, message, at),
    async execute(item, _model, tools, owner) {
      const settings = ctx.pairJudgeJobs.settings(item.job_id);
      const first = ctx.samples.get(item.first_sample_id);
      const second = ctx.samples.get(item.second_sample_id);
      const instruction = first && ctx.instructions.get(first.instruction_id);
      if (!settings || !second || !instruction) throw new PermanentError("the job, a sample or the instruction no longer exists");
      const content = pairJudgePrompt(settings.template, instruction.prompt, first.text, second.text);
      const started = now().getTime();
      let promptTokens = 0;
      let completionTokens = 0;
      // Invalid answers already counted survive a restart: the limit is per answer, not per runner.
      for (let invalid = item.invalid_answers; invalid < settings.max_answers; invalid++) {
        const answer = await tools.call({
          messages: [{ role: "user", content }],
          temperature: settings.temperature,
          topP: null,
          maxTokens: settings.max_tokens,
        });
        promptTokens += answer.promptTokens ?? 0;
        completionTokens += answer.completionTokens ?? 0;
        const parsed = parsePairAnswer(answer.text);
        if (parsed.ok) {
          ctx.pairJudgments.finish(
            item.id,
            owner,
            {
              verdict: parsed.verdict,
              analysis: parsed.analysis,
              raw_answer: answer.text,
              prompt_tokens: promptTokens || null,
              completion_tokens: completionTokens || null,
              latency_ms: now().getTime() - started,
            },
            now(),
          );
          return;
        }
        const why = answer.finishReason === "length" ? `${parsed.reason} (the answer hit max_tokens)` : parsed.reason;
        ctx.pairJudgments.recordInvalid(item.id, owner, answer.text, `answer ${invalid + 1}: ${why}`, now());
      }
      const last = ctx.pairJudgments.get(item.id)?.last_error ?? "";
      throw new PermanentError(
        `judge failed: ${settings.max_answers} answer${settings.max_answers === 1 ? "" : "s"} could not be read as one verdict on the five-point scale (last: ${last})`,
      );
    },
  };
}
