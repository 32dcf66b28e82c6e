import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { announceRiskyOrders } from "@/lib/risk/announce-risky-orders";
import { rescoreStaleOrders } from "@/lib/risk/score-orders";
import { cron } from "inngest";
import { inngest } from "../client";
import { deliveryEvents } from "../deliveries";

/**
 * Every 15 minutes: orders not scored by the newest model are rescored, then those that crossed the
 * risk threshold are told to the `order_risk` robots, once (lib/risk).
 */
export const orderRiskWatch = inngest.createFunction(
  { id: "order-risk-watch", triggers: [cron("*/15 * * * *")] },
  async ({ step }) => {
    // Orders scored by an older model (or not at all) get the newest model's score first.
    const rescored = await step.run("rescore", () => rescoreStaleOrders({ db }));
    const { announced, deliveries } = await step.run("announce", () => {
      const env = getEnv();
      return announceRiskyOrders({ db, appUrl: env.APP_URL, linkSecret: env.H5_LINK_SECRET });
    });
    if (deliveries.length) await step.sendEvent("deliver", deliveryEvents(deliveries));
    return { rescored, announced, pushed: deliveries.length };
  },
);
