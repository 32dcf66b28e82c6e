import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { retryPendingRefunds } from "@/lib/compensation/retry-pending-refunds";
import { shopRefundClient } from "@/lib/compensation/shop-refund-client";
import { cron } from "inngest";
import { inngest } from "../client";

/** Every 10 minutes: refunds the shop could not take yet are sent again (same idempotency key). */
export const retryPendingRefundsFn = inngest.createFunction({ id: "retry-pending-refunds", triggers: [cron("*/10 * * * *")] }, async ({ step }) =>
  step.run("retry", () => {
    const env = getEnv();
    if (!env.SHOP_REFUND_URL || !env.SHOP_REFUND_SECRET) return { retried: 0 };
    return retryPendingRefunds({ db, client: shopRefundClient({ url: env.SHOP_REFUND_URL, secret: env.SHOP_REFUND_SECRET }) });
  }),
);
