import { Inngest } from "inngest";
import { inngestClientOptions } from "@/lib/config/inngest-config";

/**
 * The Inngest client. With an Inngest server configured the SDK reads its own settings from the
 * environment (validated with ours in lib/config/env-schema.ts): INNGEST_DEV=1 (or
 * INNGEST_BASE_URL) for a dev server, INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY for Inngest Cloud
 * or a self-hosted `inngest start`. Otherwise the options point it at the embedded engine
 * (lib/workflow-engine) the same way: signing key, event key, base URL.
 */
export const inngest = new Inngest(inngestClientOptions("kesu"));
