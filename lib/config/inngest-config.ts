import { getEnv } from "../env";

/** Inngest is reachable when a dev server is named (INNGEST_DEV / INNGEST_BASE_URL) or Cloud keys are set. */
export function inngestConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.INNGEST_DEV || env.INNGEST_BASE_URL || (env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY));
}
