import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { followUpPlans } from "@/lib/plans/plan-follow-up";
import { cron } from "inngest";
import { inngest } from "../client";
import { deliveryEvents } from "../deliveries";

/**
 * Every morning 09:00 Asia/Shanghai: improvement plans due today are announced, and plans whose
 * after window is over get their before/after result, stored and announced (lib/plans).
 */
export const planFollowUp = inngest.createFunction(
  { id: "plan-follow-up", triggers: [cron("TZ=Asia/Shanghai 0 9 * * *")] },
  async ({ step }) => {
    const { due, verified, deliveries } = await step.run("follow-up", () => {
      const env = getEnv();
      return followUpPlans({ db, appUrl: env.APP_URL, linkSecret: env.H5_LINK_SECRET });
    });
    if (deliveries.length) {
      await step.sendEvent("deliver", deliveryEvents(deliveries));
    }
    return { due, verified, pushed: deliveries.length };
  },
);
