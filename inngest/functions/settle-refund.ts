import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { settleRefund } from "@/lib/compensation/settle-refund";
import { configuredShopRefundClient } from "@/lib/compensation/shop-refund-client";
import { inngest } from "../client";
import { refundRequested } from "../events";

/**
 * A refund asked of the shop (an automatic one at intake): sent through the one refund gateway.
 * While the shop cannot be reached the step fails and is retried with backoff; what is still
 * pending after the last retry is picked up by the 10-minute sweep (retry-pending-refunds).
 */
export const settleRefundFn = inngest.createFunction(
  { id: "settle-refund", triggers: [refundRequested], retries: 5 },
  async ({ event, step }) =>
    step.run("settle", async () => {
      const client = configuredShopRefundClient(getEnv());
      if (!client) return { status: "not_configured" };
      const status = await settleRefund({ db, client, compensationId: event.data.compensationId });
      if (status === "pending") throw new Error("the shop could not be reached; the refund stays pending");
      return { status };
    }),
);
