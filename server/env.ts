import { z } from "zod";
import { parseHostRules } from "./endpoint-policy";

// The environment, parsed once at start-up; a bad value stops the server with the variable's name.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LONGPREF_DB: z.string().min(1).default("data/longpref.db"),
  LONGPREF_ADMIN_PASSWORD: z.string().min(8, "must have at least 8 characters").optional(),
  // Largest request body, so largest uploaded file; served to the client (GET /api/limits/upload), which refuses
  // a larger file before sending it, and named with the limit in the 413 answer.
  LONGPREF_MAX_UPLOAD_MB: z.coerce.number().positive().default(50),
  LONGPREF_MODELS_FILE: z.string().min(1).default("data/models.json"),
  // How long a claimed sample stays with a runner that stopped renewing it (crashed) before another takes it.
  LONGPREF_SAMPLING_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  LONGPREF_SAMPLING_STALL_MS: z.coerce.number().int().min(100).default(300_000),
  // Express's "trust proxy": hops (1) or addresses ("loopback", "10.0.0.0/8") of a TLS-terminating proxy
  // whose X-Forwarded-* headers are believed (client IP for the login limiter, https for Secure cookies).
  LONGPREF_TRUST_PROXY: z
    .string()
    .regex(/^(\d+|[\w.:/, -]+)$/, "hops (e.g. 1) or addresses (e.g. loopback, 10.0.0.0/8)")
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v))
    .optional(),
  // A session unused this long ends (every session also ends 14 days after sign-in).
  LONGPREF_SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(14 * 24)
    .default(12),
  LONGPREF_NO_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  // Who may point the server where (README "Trust model"): creating a model or changing its base URLs or
  // key variable is an admin's by default; the key variables a model may name; the hosts it may reach.
  LONGPREF_RESEARCHERS_ADD_ENDPOINTS: z.enum(["0", "1", "true", "false"]).optional(),
  LONGPREF_KEY_ENVS: z
    .string()
    .regex(/^\s*([A-Za-z_][A-Za-z0-9_]*\s*(,\s*|$))*$/, "comma-separated environment variable names")
    .optional(),
  LONGPREF_ENDPOINT_HOSTS: z
    .string()
    .superRefine((v, c) => {
      const rules = parseHostRules(v);
      if (typeof rules === "string") c.addIssue({ code: "custom", message: rules });
    })
    .optional(),
});
export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
