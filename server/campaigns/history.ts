import type { HistoryDetail, HistoryJudgment } from "../../shared/schemas/annotator-history";
import { HistoryQuerySchema, skippedShown } from "../../shared/schemas/annotator-history";
import { annotatorSettings, type CampaignSettings } from "../../shared/schemas/campaigns";
import type { User } from "../../shared/schemas/user";
import type { Context } from "../context";
import { annotatorSide } from "./annotator-side";
import { excerptChars, type OwnJudgmentRow } from "../db/repos/human-judgments";
import { notFound } from "../errors/domain-error";

/** The start of an instruction, cut where the repository's one extra character says it goes on. */
const excerpt = (text: string) => (text.length > excerptChars ? `${text.slice(0, excerptChars).trimEnd()}…` : text);

/** A judgment as its annotator gave it: left and right as shown to them, never a sample id. */
export function ownJudgment(row: OwnJudgmentRow): HistoryJudgment {
  return {
    id: row.id,
    excerpt: excerpt(row.excerpt),
    verdict: row.verdict === "win" ? (row.winner_sample_id === row.left_sample_id ? "left" : "right") : row.verdict,
    margin: row.margin,
    rationale: row.rationale,
    judged_at: row.created_at,
    changed_at: row.changed_at,
    revisions: row.revisions,
  };
}

/**
 * An annotator's own history in a campaign (docs/decisions/023-annotator-history.md). Readable in open and
 * closed campaigns alike, by members only; anyone else's campaign or judgment answers 404, as in the queue.
 */
export function annotatorHistory(ctx: Context) {
  const campaignOf = (campaignId: number, user: User) => {
    const campaign = ctx.campaigns.forQueue(campaignId, user.id);
    if (!campaign?.member) throw notFound("campaign");
    const settings = annotatorSettings(campaign.settings);
    return { id: campaign.id, title: ctx.campaigns.titleOf(campaign.id)!, status: campaign.status, settings, full: campaign.settings };
  };

  const side = (comparisonId: number, sampleId: number, settings: CampaignSettings) => annotatorSide(ctx, comparisonId, sampleId, settings);

  return {
    /** Their judgments, newest first, a page at a time, and the items they skipped. */
    list(campaignId: number, user: User, query: unknown) {
      const { page, page_size } = HistoryQuerySchema.parse(query);
      const { full: _settings, ...campaign } = campaignOf(campaignId, user);
      return {
        campaign,
        total: ctx.humanJudgments.ownCount(user.id, campaignId),
        page,
        page_size,
        items: ctx.humanJudgments.ownPage(user.id, campaignId, page_size, (page - 1) * page_size).map(ownJudgment),
        skipped: ctx.assignments
          .skippedOf(user.id, campaignId, skippedShown, excerptChars + 1)
          .map((s) => ({ ...s, excerpt: excerpt(s.excerpt) })),
        skipped_total: ctx.assignments.skippedCount(user.id, campaignId),
      };
    },

    /** One of their judgments with the item as it was shown to them, to look at again or change. */
    detail(judgmentId: number, user: User): HistoryDetail {
      const row = ctx.humanJudgments.own(judgmentId, user.id);
      if (!row) throw notFound("judgment");
      const { full, ...campaign } = campaignOf(row.campaign_id, user);
      const left = side(row.comparison_id, row.left_sample_id, full);
      const right = side(row.comparison_id, row.right_sample_id, full);
      return {
        campaign,
        judgment: ownJudgment(row),
        instruction: { prompt: left.row.prompt, required_length: left.row.required_length, lang: left.row.lang },
        left: left.side,
        right: right.side,
      };
    },
  };
}
