import { parseJudgeAnswer, qualityScore } from "../../shared/scoring/judge-answer";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { ClaimedJudgeScore } from "../db/repos/judge-scores";
import { PermanentError } from "../llm/retry";
import type { WorkQueue } from "../work/queue";
import { judgePrompt } from "./template";

/**
 * Judgments of running judge jobs: one prompt per sample, the answer read leniently and checked strictly.
 * An answer that is not six integer scores is asked for again, up to the job's max_answers; then the
 * judgment fails as "judge failed" with the last raw answer kept, so it is seen and never scored.
 */
export function judgeQueue(ctx: Context, o: { clock: Clock }): WorkQueue<ClaimedJudgeScore> {
  const now = () => o.clock.now();
  return {
    kind: "judging",
    modelsWithWork: () => ctx.judgeJobs.runningModelIds(),
    claim: (modelId, owner, at, leaseMs) => ctx.judgeScores.claim(modelId, owner, at, leaseMs),
    renewLeases: (owner, until) => void ctx.judgeScores.renewLeases(owner, until),
    isJobRunning: (jobId) => ctx.judgeJobs.status(jobId) === "running",
    finishJobIfComplete: (jobId, at) => ctx.judgeJobs.finishIfComplete(jobId, at),
    countAttempt: (item, owner, at) => ctx.judgeScores.countAttempt(item.id, owner, at),
    recordError: (item, owner, message, at) => ctx.judgeScores.recordError(item.id, owner, message, at),
    release: (item, owner, at) => ctx.judgeScores.release(item.id, owner, at),
    fail: (item, owner, message, at) => ctx.judgeScores.fail(item.id, owner, message, at),
    async execute(item, _model, tools, owner) {
      const settings = ctx.judgeJobs.settings(item.job_id);
      const sample = ctx.samples.get(item.sample_id);
      const instruction = sample && ctx.instructions.get(sample.instruction_id);
      if (!settings || !instruction) throw new PermanentError("the job, sample or instruction no longer exists");
      const content = judgePrompt(settings.template, instruction.prompt, sample.text);
      const started = now().getTime();
      let promptTokens = 0;
      let completionTokens = 0;
      // Invalid answers already counted survive a restart: the limit is per judgment, not per runner.
      for (let invalid = item.invalid_answers; invalid < settings.max_answers; invalid++) {
        const answer = await tools.call({
          messages: [{ role: "user", content }],
          temperature: settings.temperature,
          topP: null,
          maxTokens: settings.max_tokens,
        });
        promptTokens += answer.promptTokens ?? 0;
        completionTokens += answer.completionTokens ?? 0;
        const parsed = parseJudgeAnswer(answer.text);
        if (parsed.ok) {
          ctx.judgeScores.finish(
            item.id,
            owner,
            {
              scores: parsed.scores,
              quality_score: qualityScore(parsed.scores).total,
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
        ctx.judgeScores.recordInvalid(item.id, owner, answer.text, `answer ${invalid + 1}: ${why}`, now());
      }
      const last = ctx.judgeScores.get(item.id)?.last_error ?? "";
      throw new PermanentError(
        `judge failed: ${settings.max_answers} answer${settings.max_answers === 1 ? "" : "s"} could not be read as six scores from 1 to 5 (last: ${last})`,
      );
    },
  };
}
