import { parseJudgeAnswer, qualityScore } from "../../shared/scoring/judge-answer";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { ClaimedJudgeScore } from "../db/repos/judge-scores";
import { PermanentError } from "../llm/retry";
import { askUntilReadable } from "./ask-until-readable";
import { leasedWork } from "../work/leased-work";
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
    ...leasedWork(ctx.judgeJobs, ctx.judgeScores),
    async execute(item, _model, tools, owner) {
      const settings = ctx.judgeJobs.settings(item.job_id);
      const sample = ctx.samples.get(item.sample_id);
      const instruction = sample && ctx.instructions.get(sample.instruction_id);
      if (!settings || !instruction) throw new PermanentError("the job, sample or instruction no longer exists");
      const content = judgePrompt(settings.template, instruction.prompt, sample.text);
      const started = now().getTime();
      const { read, answer, promptTokens, completionTokens } = await askUntilReadable({
        tools,
        prompt: content,
        settings,
        invalidSoFar: item.invalid_answers,
        read: parseJudgeAnswer,
        recordInvalid: (raw, reason) => ctx.judgeScores.recordInvalid(item.id, owner, raw, reason, now()),
        lastError: () => ctx.judgeScores.get(item.id)?.last_error ?? "",
        expected: "six scores from 1 to 5",
      });
      ctx.judgeScores.finish(
        item.id,
        owner,
        {
          scores: read.scores,
          quality_score: qualityScore(read.scores).total,
          analysis: read.analysis,
          raw_answer: answer.text,
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          latency_ms: now().getTime() - started,
        },
        now(),
      );
    },
  };
}
