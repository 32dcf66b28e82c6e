import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { retryPendingRefunds } from "@/lib/compensation/retry-pending-refunds";
import { configuredShopRefundClient } from "@/lib/compensation/shop-refund-client";
import { cron } from "inngest";
import { inngest } from "../client";

/** Every 10 minutes: refunds the shop could not take yet are sent again (same idempotency key). */
export const retryPendingRefundsFn = inngest.createFunction(
  { id: "retry-pending-refunds", triggers: [cron("*/10 * * * *")] },
  async ({ step }) =>
    step.run("retry", () => {
      const client = configuredShopRefundClient(getEnv());
      return client ? retryPendingRefunds({ db, client }) : { retried: 0 };
    }),
);
