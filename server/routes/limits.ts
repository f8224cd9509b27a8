import { Router } from "express";
import { type UploadLimit, UploadLimitSchema } from "../../shared/schemas/limits";
import { declareRoutes, type RouteInfo } from "../http/route";

/** Limits the client checks before sending (a file too large is refused before its upload, not after). */
export function limitRoutes(table: RouteInfo[], maxBodyBytes: number) {
  const router = Router();
  const route = declareRoutes(router, table, "/api/limits");
  // Signed-in only: the limit is no secret, but nothing is offered to strangers that they do not need.
  route(
    "get",
    "/upload",
    "signed-in",
    (_req, res) => {
      const limit: UploadLimit = { max_upload_bytes: maxBodyBytes, setting: "LONGPREF_MAX_UPLOAD_MB" };
      res.json(limit);
    },
    { response: UploadLimitSchema, summary: "The largest request body the server takes" },
  );
  return router;
}
