import { cron } from "inngest";
import { pruneH5Sessions } from "@/lib/auth/h5-session-store";
import { db } from "@/lib/db";
import { pruneRateLimitHits } from "@/lib/rate-limit/consume-rate-limit";
import { appObjectStore } from "@/lib/storage/app-store";
import { pruneUnattachedUploads } from "@/lib/storage/customer-upload";
import { inngest } from "../client";

/** Hourly: abuse-limit windows nobody reads any more, photos no complaint took within a day, and H5 sessions older than any link. */
export const pruneAbandoned = inngest.createFunction(
  { id: "prune-abandoned", triggers: [cron("17 * * * *")] },
  async ({ step }) => {
    const hits = await step.run("rate-limit-hits", () => pruneRateLimitHits({ db }));
    const uploads = await step.run("unattached-uploads", () => pruneUnattachedUploads({ db, store: appObjectStore() }));
    const sessions = await step.run("h5-sessions", () => pruneH5Sessions({ db }));
    return { rateLimitHits: hits.deleted, uploads: uploads.deleted, h5Sessions: sessions.deleted };
  },
);
