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

/** "50 MB": sizes as the setting counts them (MiB, shown as MB like the setting's name); KB below one. */
export function formatUploadLimit(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
