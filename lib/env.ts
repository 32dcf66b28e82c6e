import { envSchema, describeEnvProblems, type Env } from "./config/env-schema";

let cached: Env | undefined;

/** Validated configuration; throws with every problem listed (start-up fails, not a request). */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid configuration:\n${describeEnvProblems(parsed.error)}`);
  cached = parsed.data;
  return cached;
}
