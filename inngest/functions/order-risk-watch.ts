import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { announceRiskyOrders } from "@/lib/risk/announce-risky-orders";
import { cron } from "inngest";
import { inngest } from "../client";
import { deliveryEvents } from "../deliveries";

/** Every 15 minutes: orders that crossed the risk threshold are told to the `order_risk` robots, once (lib/risk). */
export const orderRiskWatch = inngest.createFunction(
  { id: "order-risk-watch", triggers: [cron("*/15 * * * *")] },
  async ({ step }) => {
    const { announced, deliveries } = await step.run("announce", () => {
      const env = getEnv();
      return announceRiskyOrders({ db, appUrl: env.APP_URL, linkSecret: env.H5_LINK_SECRET });
    });
    if (deliveries.length) await step.sendEvent("deliver", deliveryEvents(deliveries));
    return { announced, pushed: deliveries.length };
  },
);
