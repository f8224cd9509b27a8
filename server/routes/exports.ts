import { Router } from "express";
import type { Context } from "../context";
import { exportConnection } from "../export/connection";
import { datasetInfoEntriesSchema } from "../export/dataset-info";
import { datasetInfoEntry, isLlamaFactory } from "../export/formats";
import { nothingToExport, planExport } from "../export/plan";
import { datasetName } from "../export/to-file";
import { invalidInput } from "../errors/domain-error";
import { declareRoutes, type RouteInfo } from "../http/route";

const researchers = ["admin", "researcher"] as const;

/**
 * Training-data downloads. The file streams straight from SQLite through the format to the response, with
 * backpressure, on a read connection of its own; whether anything matches is decided (first row read)
 * before the headers go out, so an empty selection is a 422, never an empty file.
 */
export function exportRoutes(ctx: Context, table: RouteInfo[]) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/exports");
  // Built from validated enums and ids today; kept to [A-Za-z0-9._-] anyway, as it goes into a header.
  const fileName = (stem: string, split: string | undefined, extension: string) =>
    `${stem}${split === "test" ? ".test" : ""}.${extension}`.replace(/[^A-Za-z0-9._-]/g, "_");

  route(
    "get",
    "/",
    researchers,
    async (req, res) => {
      const plan = planExport(ctx, req.query);
      const reader = exportConnection(ctx.db);
      try {
        const prepared = plan.begin(reader.db, plan.query.split);
        if (prepared.empty) {
          prepared.cancel();
          throw nothingToExport(plan.selection);
        }
        res.status(200);
        res.setHeader("Content-Type", plan.format.contentType);
        res.setHeader("Content-Disposition", `attachment; filename="${fileName(plan.fileStem, plan.query.split, plan.format.extension)}"`);
        res.setHeader("Cache-Control", "no-store");
        try {
          const stats = await prepared.write({ [plan.query.split ?? "train"]: res });
          if (!stats.aborted) res.end();
        } catch (err) {
          // Headers are gone: cut the connection so the client sees a failed download, not a short file.
          ctx.log.error("export failed while streaming", err);
          res.destroy(err instanceof Error ? err : undefined);
        }
      } finally {
        reader.close();
      }
    },
    { query: true },
  );

  // LLaMA-Factory reads a dataset through its dataset_info.json entry: this is the one for the download
  // made with the same parameters.
  route(
    "get",
    "/dataset-info",
    researchers,
    (req, res) => {
      const plan = planExport(ctx, req.query);
      const format = plan.query.format;
      if (!isLlamaFactory(format)) throw invalidInput("format: dataset_info.json entries are for the llama-factory formats");
      const file = fileName(plan.fileStem, plan.query.split, plan.format.extension);
      const name = datasetName(file);
      // Never "dataset_info.json": saved as named, it would replace the user's whole list of datasets.
      // `longpref dataset-info merge NAME.dataset_info.json --into dataset_info.json` adds it instead.
      res.setHeader("Content-Disposition", `attachment; filename="${name}.dataset_info.json"`);
      res.json({ [name]: datasetInfoEntry(format, file) });
    },
    {
      query: true,
      response: datasetInfoEntriesSchema,
      summary: "LLaMA-Factory's dataset_info.json entry for the same export, downloaded as NAME.dataset_info.json",
    },
  );

  return router;
}
