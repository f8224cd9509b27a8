import { parsePairAnswer } from "../../shared/scoring/pair-verdict";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { ClaimedPairJudgment } from "../db/repos/pair-judgments";
import { PermanentError } from "../llm/retry";
import { askUntilReadable } from "./ask-until-readable";
import { leasedWork } from "../work/leased-work";
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
    ...leasedWork(ctx.pairJudgeJobs, ctx.pairJudgments),
    async execute(item, _model, tools, owner) {
      const settings = ctx.pairJudgeJobs.settings(item.job_id);
      const first = ctx.samples.get(item.first_sample_id);
      const second = ctx.samples.get(item.second_sample_id);
      const instruction = first && ctx.instructions.get(first.instruction_id);
      if (!settings || !second || !instruction) throw new PermanentError("the job, a sample or the instruction no longer exists");
      const content = pairJudgePrompt(settings.template, instruction.prompt, first.text, second.text);
      const started = now().getTime();
      const { read, answer, promptTokens, completionTokens } = await askUntilReadable({
        tools,
        prompt: content,
        settings,
        invalidSoFar: item.invalid_answers,
        read: parsePairAnswer,
        recordInvalid: (raw, reason) => ctx.pairJudgments.recordInvalid(item.id, owner, raw, reason, now()),
        lastError: () => ctx.pairJudgments.get(item.id)?.last_error ?? "",
        expected: "one verdict on the five-point scale",
      });
      ctx.pairJudgments.finish(
        item.id,
        owner,
        {
          verdict: read.verdict,
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
