import { cron } from "inngest";
import { db } from "@/lib/db";
import { pruneRateLimitHits } from "@/lib/rate-limit/consume-rate-limit";
import { appObjectStore } from "@/lib/storage/app-store";
import { pruneUnattachedUploads } from "@/lib/storage/customer-upload";
import { inngest } from "../client";

/** Hourly: abuse-limit windows nobody reads any more, and photos no complaint took within a day. */
export const pruneAbandoned = inngest.createFunction({ id: "prune-abandoned", triggers: [cron("17 * * * *")] }, async ({ step }) => {
  const hits = await step.run("rate-limit-hits", () => pruneRateLimitHits({ db }));
  const uploads = await step.run("unattached-uploads", () => pruneUnattachedUploads({ db, store: appObjectStore() }));
  return { rateLimitHits: hits.deleted, uploads: uploads.deleted };
});
