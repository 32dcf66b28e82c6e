import { Inngest } from "inngest";

/**
 * The Inngest client. The SDK reads its own settings from the environment (validated with ours
 * in lib/config/env-schema.ts): INNGEST_DEV=1 (or INNGEST_BASE_URL) for a local dev server,
 * INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY for Inngest Cloud or a self-hosted `inngest start`.
 */
export const inngest = new Inngest({ id: "kesu" });
