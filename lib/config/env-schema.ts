import { z } from "zod";
import { parseFrameAncestors } from "../http/security-headers";

/**
 * Every setting the server reads, validated once. Only this module (and the start script that
 * fills in generated development secrets) touches process.env.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url(),
    // The running app's own least-privilege connection (tools/db/app-role.ts); unset: start creates
    // the role from DATABASE_URL (the owner) with DATABASE_APP_PASSWORD.
    DATABASE_APP_URL: z.string().url().optional(),
    DATABASE_APP_PASSWORD: z.string().min(24).optional(),
    APP_URL: z.string().url().default("http://localhost:3000"),
    DATA_DIR: z.string().min(1).default(".data"),
    SHOP_API_KEY: z.string().min(24, "must be at least 24 characters"),
    H5_LINK_SECRET: z.string().min(32, "must be at least 32 characters"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    FIELD_ENCRYPTION_KEY: z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded"),
    // Keys being rotated away: they decrypt, never encrypt (see npm run keys:rotate).
    FIELD_ENCRYPTION_PREVIOUS_KEYS: z
      .string()
      .optional()
      .refine(
        (value) => !value || value.split(",").every((k) => Buffer.from(k.trim(), "base64").length === 32),
        "must be comma-separated 32-byte base64 keys",
      ),
    H5_LINK_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    UPLOADTHING_TOKEN: z.string().min(1).optional(),
    // Password of the demo staff accounts (agent@kesu.demo …); generated outside production when unset.
    DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    // Demo data on an empty database and secrets in the start banner: on by default outside
    // production; `npm start` refuses it (and DEMO_PASSWORD) with NODE_ENV=production (demo-policy.ts).
    KESU_DEMO: z.enum(["on", "off"]).optional(),
    // Inngest (read by its SDK as well): a dev server (INNGEST_DEV=1 or its URL), or Cloud keys.
    INNGEST_DEV: z.string().optional(),
    INNGEST_BASE_URL: z.string().url().optional(),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    // The embedded workflow engine (lib/workflow-engine), used when no Inngest above is configured.
    KESU_ENGINE: z.enum(["on", "off"]).default("on"),
    // Its one secret; the signing and event keys the SDK uses are derived from it.
    KESU_ENGINE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // Where the engine reaches this app's /api/inngest (default http://127.0.0.1:$PORT).
    KESU_ENGINE_APP_URL: z.string().url().optional(),
    // First retry delay of a failing step (doubles each attempt, capped at 1 h). Tests shorten it.
    KESU_ENGINE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    // How long one step may run before the engine counts it as failed (and retries it).
    KESU_ENGINE_CALL_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(2 * 3_600_000)
      .default(600_000),
    // How long a resolved complaint waits for the customer's confirmation before it closes by
    // timeout. 72 h is the rule (seed 000); tests shorten it to watch the auto-close happen.
    KESU_CONFIRMATION_WAIT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .default(72 * 60),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Shop origins allowed to frame our pages (the embeddable widget), space-separated; unset = none.
    KESU_FRAME_ANCESTORS: z
      .string()
      .optional()
      .refine(
        (v) => parseFrameAncestors(v) !== null,
        "must be space-separated origins such as https://shop.example.com or https://*.shop.example.com (http only for localhost)",
      ),
    // How many reverse proxies append to X-Forwarded-For in front of the app (lib/rate-limit/client-address.ts).
    KESU_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(5).default(1),
    // "1" lets channels point at private/loopback hosts even in production (local robots in tests).
    KESU_ALLOW_PRIVATE_TARGETS: z.enum(["0", "1"]).optional(),
    // The shop's refund endpoint; unset = refunds are recorded here only (lib/compensation).
    SHOP_REFUND_URL: z.string().url().optional(),
    // Bearer token for /api/metrics (Prometheus); unset = the endpoint answers 404.
    METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    // Signs refund requests (HMAC-SHA256); required with SHOP_REFUND_URL.
    SHOP_REFUND_SECRET: z.string().min(24, "must be at least 24 characters").optional(),
  })
  .refine((env) => !env.SHOP_REFUND_URL || env.SHOP_REFUND_SECRET, {
    path: ["SHOP_REFUND_SECRET"],
    message: "is required when SHOP_REFUND_URL is set",
  });

export type Env = z.infer<typeof envSchema>;

/** Secrets a development machine may generate for itself; production must provide them. */
export const GENERATED_SECRETS = ["SHOP_API_KEY", "H5_LINK_SECRET", "NEXTAUTH_SECRET", "FIELD_ENCRYPTION_KEY"] as const;

/**
 * Generated outside production when unset, never required by the schema: production has no demo
 * accounts, the engine secret is needed only when no Inngest is configured, and the app role's
 * password only when start creates the role (no DATABASE_APP_URL) — both checked at start.
 */
export const DEMO_SECRETS = ["DEMO_PASSWORD", "KESU_ENGINE_SECRET", "DATABASE_APP_PASSWORD"] as const;

export function describeEnvProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
}
