import { Router } from "express";
import { z } from "zod";
import { AutoVsHumanSchema } from "../../shared/schemas/analytics";
import { CampaignAnnotatorReliabilitySchema } from "../../shared/schemas/annotator-reliability";
import {
  CampaignDashboardSchema,
  CampaignPreviewBodySchema,
  CampaignResponseSchema,
  CreateCampaignBodySchema,
  HumanJudgmentPageSchema,
  UpdateCampaignBodySchema,
  CampaignsResponseSchema,
} from "../../shared/schemas/campaigns";
import { CampaignPreviewSchema, SetModelsResponseSchema } from "../../shared/schemas/preview";
import { blindingWarnings, campaignModels, createCampaign, previewCampaign } from "../campaigns/create";
import { campaignDashboard, campaignJudgments } from "../campaigns/dashboard";
import type { Context } from "../context";
import { invalidInput, notFound } from "../errors/domain-error";
import { campaignAnnotatorReliability } from "../stats/annotator-reliability";
import { autoVsHuman } from "../stats/auto-vs-human";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { declarePlanRoute } from "./campaign-plan";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const JudgeQuerySchema = z.strictObject({
  judge_model: z.coerce.number().int().positive().optional(),
  template: z.coerce.number().int().positive().optional(),
});
const SetQuerySchema = z.strictObject({ set_id: z.coerce.number().int().positive() });
const researchers = ["admin", "researcher"] as const;

/** Campaigns as researchers see them: creation, settings, dashboard and raw judgments. */
export function campaignRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/campaigns");
  const find = (params: unknown) => {
    const campaign = ctx.campaigns.get(IdParamsSchema.parse(params).id);
    if (!campaign) throw notFound("campaign");
    return campaign;
  };

  route(
    "get",
    "/",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.campaigns.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: CampaignsResponseSchema, summary: "A page of the campaigns, newest first" },
  );

  route(
    "post",
    "/",
    researchers,
    (req, res) => {
      const id = createCampaign(ctx, req.body, req.user!.id);
      res.status(201).json({ campaign: ctx.campaigns.get(id), warnings: blindingWarnings(ctx, id) });
    },
    { body: CreateCampaignBodySchema, response: CampaignResponseSchema, status: 201, summary: "Create a campaign" },
  );

  // What the form's choices would create, counted by the code that creates it; writes nothing.
  route(
    "post",
    "/preview",
    researchers,
    (req, res) => {
      res.json(previewCampaign(ctx, req.body));
    },
    { body: CampaignPreviewBodySchema, response: CampaignPreviewSchema, summary: "What creating this campaign would make; writes nothing" },
  );

  // The budget planner (decision 040): judgments needed for a target interval width.
  declarePlanRoute(route, researchers);

  // Which models the form may offer for the set: only those with finished outputs there can be compared.
  route(
    "get",
    "/models",
    researchers,
    (req, res) => {
      res.json(campaignModels(ctx, SetQuerySchema.parse(req.query).set_id));
    },
    { query: SetQuerySchema, response: SetModelsResponseSchema, summary: "The models with finished outputs in a set" },
  );

  route(
    "get",
    "/:id",
    researchers,
    (req, res) => {
      res.json({ campaign: find(req.params) });
    },
    { response: CampaignResponseSchema, summary: "A campaign" },
  );

  route(
    "patch",
    "/:id",
    researchers,
    (req, res) => {
      const campaign = find(req.params);
      const body = UpdateCampaignBodySchema.parse(req.body);
      if (Array.isArray(body.annotators)) {
        for (const id of body.annotators) if (!ctx.users.get(id)) throw invalidInput(`annotators: user ${id} not found`);
      }
      ctx.db.transaction(() => {
        if (body.title !== undefined) ctx.campaigns.setTitle(campaign.id, body.title);
        if (body.status) ctx.campaigns.setStatus(campaign.id, body.status);
        if (body.guidelines !== undefined) ctx.campaigns.setSettings(campaign.id, { ...campaign.settings, guidelines: body.guidelines });
        if (body.annotators !== undefined) ctx.campaigns.setAnnotators(campaign.id, body.annotators);
      })();
      res.json({ campaign: ctx.campaigns.get(campaign.id), warnings: blindingWarnings(ctx, campaign.id) });
    },
    {
      body: UpdateCampaignBodySchema,
      response: CampaignResponseSchema,
      summary: "Change a campaign's title, status, guidelines or annotators",
    },
  );

  route(
    "get",
    "/:id/dashboard",
    researchers,
    (req, res) => {
      res.json(campaignDashboard(ctx, find(req.params).id));
    },
    { response: CampaignDashboardSchema, summary: "A campaign's progress, agreement and annotators" },
  );

  route(
    "get",
    "/:id/auto-vs-human",
    researchers,
    (req, res) => {
      res.json(autoVsHuman(ctx, find(req.params).id, JudgeQuerySchema.parse(req.query)));
    },
    { query: JudgeQuerySchema, response: AutoVsHumanSchema, summary: "How a judge model's scores agree with the campaign's annotators" },
  );

  // Dawid–Skene reliability of each annotator (docs/decisions/019-annotator-reliability.md).
  route(
    "get",
    "/:id/annotator-reliability",
    researchers,
    (req, res) => {
      res.json(campaignAnnotatorReliability(ctx.db, find(req.params).id));
    },
    { response: CampaignAnnotatorReliabilitySchema, summary: "Dawid–Skene reliability of each annotator" },
  );

  route(
    "get",
    "/:id/judgments",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(campaignJudgments(ctx, find(req.params).id, q.page, q.page_size));
    },
    { query: PageQuerySchema, response: HumanJudgmentPageSchema, summary: "A campaign's human judgments, paged" },
  );

  return router;
}
