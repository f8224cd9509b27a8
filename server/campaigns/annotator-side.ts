import type { CampaignSettings } from "../../shared/schemas/campaigns";
import { lengthScore } from "../../shared/scoring/length-score";
import type { Context } from "../context";

/**
 * One side of a comparison as an annotator sees it, on the judging screen and in their history alike: the
 * text, and word counts and scores only where the campaign shows them — never the model or the sample id.
 */
export function annotatorSide(ctx: Context, comparisonId: number, sampleId: number, settings: CampaignSettings) {
  return sideOf(ctx, comparisonId, sampleId, ctx.samples.withInstruction(sampleId)!, settings);
}

/**
 * Both sides of a comparison, their texts read in one statement (the queue serves one pair per item), sent now
 * (readAhead) and made into sides when the returned function is called.
 */
export function annotatorSidesAhead(ctx: Context, comparisonId: number, leftId: number, rightId: number, settings: CampaignSettings) {
  const rowsAhead = ctx.samples.pairWithInstructionAhead(leftId, rightId);
  return () => {
    const rows = rowsAhead();
    return {
      left: sideOf(ctx, comparisonId, leftId, rows.get(leftId)!, settings),
      right: sideOf(ctx, comparisonId, rightId, rows.get(rightId)!, settings),
    };
  };
}

type SampleWithInstruction = NonNullable<ReturnType<Context["samples"]["withInstruction"]>>;

function sideOf(ctx: Context, comparisonId: number, sampleId: number, row: SampleWithInstruction, settings: CampaignSettings) {
  return {
    row,
    side: {
      text: row.text,
      word_count: settings.show_word_counts ? row.word_count : null,
      length_score:
        settings.show_scores && row.required_length !== null && row.word_count !== null
          ? lengthScore(row.required_length, row.word_count)
          : null,
      quality_score: settings.show_scores ? ctx.comparisons.proposalQuality(comparisonId, sampleId) : null,
    },
  };
}
