import { Router } from "express";
import { OkResponseSchema } from "../../shared/schemas/answers";
import { ImportBodySchema } from "../../shared/schemas/import";
import { InstructionSetResponseSchema, InstructionSetsResponseSchema } from "../../shared/schemas/instruction";
import type { Context } from "../context";
import { forbidden, notFound } from "../errors/domain-error";
import { IdParamsSchema } from "../http/params";
import { parseJsonOffThread, rawBody } from "../http/raw-body";
import { declareRoutes, type RouteInfo } from "../http/route";
import { deleteInstructionSet } from "../instructions/delete-set";
import { importInstructionSetInChunks } from "../instructions/import-set";
import { PageQuerySchema, pageAnswer, windowOf } from "../../shared/schemas/page";

const researchers = ["admin", "researcher"] as const;

export function instructionSetRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/instruction-sets");

  const setWithCounts = (id: number) => {
    const set = ctx.sets.get(id);
    if (!set) throw notFound("instruction set");
    return { set, counts: ctx.sets.counts(set) };
  };

  route(
    "get",
    "/",
    researchers,
    (req, res) => {
      const q = PageQuerySchema.parse(req.query);
      res.json(pageAnswer(q, ctx.sets.listPage(windowOf(q))));
    },
    { query: PageQuerySchema, response: InstructionSetsResponseSchema, summary: "A page of the instruction sets, newest first" },
  );

  route(
    "post",
    "/import",
    researchers,
    async (req, res) => {
      // The body came raw; it is parsed and checked in a worker once the caller's role allows the import, so
      // no anonymous request makes the server parse 50 MB.
      const input = rawBody(req.body);
      const body = ImportBodySchema.parse("raw" in input ? await parseJsonOffThread(input.raw, "instruction-import") : input.value);
      const outcome = await importInstructionSetInChunks(ctx, body, req.user!.id);
      if (outcome.dryRun) res.json(outcome.result);
      else res.status(201).json(setWithCounts(outcome.setId));
    },
    {
      // Parsed by the handler (in a worker), not by the guard: the declared schema is for the document.
      body: ImportBodySchema,
      response: InstructionSetResponseSchema,
      status: 201,
      summary: "Import an instruction set (with dry_run: 200 and the parsed preview, nothing stored)",
    },
  );

  route(
    "get",
    "/:id",
    researchers,
    (req, res) => {
      res.json(setWithCounts(IdParamsSchema.parse(req.params).id));
    },
    { response: InstructionSetResponseSchema, summary: "An instruction set and its counts" },
  );

  route(
    "delete",
    "/:id",
    researchers,
    async (req, res) => {
      const id = IdParamsSchema.parse(req.params).id;
      const set = ctx.sets.get(id);
      if (!set) throw notFound("instruction set");
      // Any researcher reads and samples every set; only whoever imported it, or an admin, deletes it.
      if (req.user!.role !== "admin" && ctx.sets.creatorId(id) !== req.user!.id) {
        throw forbidden(
          `only the user who imported set "${set.name}"${set.created_by ? ` (${set.created_by})` : ""} or an admin may delete it`,
        );
      }
      await deleteInstructionSet(ctx, id);
      res.json({ ok: true });
    },
    { response: OkResponseSchema, summary: "Delete an instruction set (its importer or an admin)" },
  );

  return router;
}
