import { UploadLimitSchema } from "../../../../shared/schemas/limits";
import { useApiData } from "./use-api-data";

/** The server's largest upload and the setting that changes it; undefined until known. */
export function useUploadLimit() {
  return useApiData("/api/limits/upload", UploadLimitSchema).data;
}
