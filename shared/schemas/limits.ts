import { z } from "zod";

/** The server's limits a client checks before sending, with the setting that changes each. */
export const UploadLimitSchema = z.object({
  /** Largest request body in bytes; an uploaded file travels inside one. */
  max_upload_bytes: z.number().int().positive(),
  /** The environment variable that sets it, in MB. */
  setting: z.literal("LONGPREF_MAX_UPLOAD_MB"),
});
export type UploadLimit = z.infer<typeof UploadLimitSchema>;

export const uploadLimitSetting = "LONGPREF_MAX_UPLOAD_MB";

/** "50 MB": the limit as the setting counts it (MiB, shown as MB like the setting's name). */
export const formatUploadLimit = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
