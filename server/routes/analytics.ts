import { Router } from "express";
import { z } from "zod";
import { idListText } from "../../shared/schemas/text";
import { WinRatesSchema } from "../../shared/schemas/win-rates";
import { battleStats } from "../../shared/stats/battle-stats";
import { indexBattles } from "../../shared/stats/battle-index";
import type { Context } from "../context";
import { invalidInput } from "../errors/domain-error";
import { declareRoutes, type RouteInfo } from "../http/route";
import { battlesOfCampaigns } from "../stats/battles-from-db";
import { resolveJudges } from "../stats/judge-battles";

const WinRatesQuerySchema = z.strictObject({
  /** Campaign ids, comma-separated. */
  campaigns: idListText("campaign"),
  /** Default: the reference model of the (first) vs-reference campaign. */
  reference: z.string().min(1).max(200).optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(7),
  rounds: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** Judge identities ("judge:MODEL", "judge:MODEL [TEMPLATE]"), comma-separated: their combined verdicts as annotators. */
  judges: z
    .string()
    .max(4000)
    .transform((s) => s.split(",").map((name) => name.trim()))
    .pipe(z.array(z.string().min(1, "an empty judge name")).min(1))
    .optional(),
  /** Whether the humans' judgments count (default true): false shows the judges apart from them. */
  humans: z.enum(["true", "false"]).default("true"),
});
const researchers = ["admin", "researcher"] as const;

/**
 * Win rates against a reference, Bradley–Terry, agreement and position bias over campaigns' human judgments,
 * and/or judge identities' combined verdicts as annotators of their own (docs/decisions/035).
 */
export function analyticsRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/analytics");

  route(
    "get",
    "/win-rates",
    researchers,
    (req, res) => {
      const q = WinRatesQuerySchema.parse(req.query);
      const ids = [...new Set(q.campaigns.split(",").map(Number))];
      const campaigns = ids.map((id) => {
        const campaign = ctx.campaigns.get(id);
        if (!campaign) throw invalidInput(`campaigns: campaign ${id} not found`);
        return campaign;
      });
      const vsReference = campaigns.map((c) => c.source).find((s) => s.kind === "vs-reference");
      const reference =
        q.reference ??
        (vsReference?.kind === "vs-reference" && vsReference.reference_model_id !== undefined
          ? ctx.models.get(vsReference.reference_model_id)?.name
          : undefined);
      if (!reference) throw invalidInput("reference: name the reference model (no vs-reference campaign among these)");
      const judges = q.judges ? resolveJudges(ctx, q.judges, "judges") : [];
      if (q.humans === "false" && judges.length === 0) throw invalidInput("humans: false needs judges to show instead");
      const records = battlesOfCampaigns(ctx, ids, { humans: q.humans === "true", judges });
      if (records.length === 0) throw invalidInput("campaigns: no judgment between two different models yet");
      if (!records.some((r) => r.model_a === reference || r.model_b === reference)) {
        throw invalidInput(`reference: model "${reference}" is in none of these judgments`);
      }
      res.json(battleStats(indexBattles(records), { reference, seed: q.seed, rounds: q.rounds }));
    },
    {
      query: WinRatesQuerySchema,
      response: WinRatesSchema,
      summary:
        "Win rates against a reference, Bradley–Terry, agreement and position bias over campaigns (humans, and/or judges beside or apart from them)",
    },
  );

  return router;
}
