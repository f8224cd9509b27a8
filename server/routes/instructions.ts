import { Router } from "express";
import { InstructionPageSchema, InstructionQuerySchema, InstructionResponseSchema } from "../../shared/schemas/instruction";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { declareRoutes, type RouteInfo } from "../http/route";
import { pageAnswer } from "../../shared/schemas/page";

const researchers = ["admin", "researcher"] as const;

export function instructionRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/instructions");

  route(
    "get",
    "/",
    researchers,
    (req, res) => {
      const query = InstructionQuerySchema.parse(req.query);
      res.json(pageAnswer(query, ctx.instructions.page(query)));
    },
    { query: InstructionQuerySchema, response: InstructionPageSchema, summary: "Instructions, filtered and paged" },
  );

  route(
    "get",
    "/:id",
    researchers,
    (req, res) => {
      const instruction = ctx.instructions.get(IdParamsSchema.parse(req.params).id);
      if (!instruction) throw notFound("instruction");
      res.json({ instruction, set: ctx.sets.get(instruction.set_id) });
    },
    { response: InstructionResponseSchema, summary: "An instruction and its set" },
  );

  return router;
}
