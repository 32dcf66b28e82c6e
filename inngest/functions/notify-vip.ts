import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { planVipNotice } from "@/lib/notify/plan-vip-notice";
import { inngest } from "../client";
import { deliveryEvents } from "../deliveries";
import { complaintCreated } from "../events";

/**
 * A complaint on the VIP line → the robots subscribed to `vip_complaint`, the customer's account
 * manager @-mentioned. Only VIP complaints start it (the trigger's condition), so the wave of
 * ordinary intake runs nothing more.
 */
export const notifyVip = inngest.createFunction(
  { id: "notify-vip", triggers: [{ event: complaintCreated, if: "event.data.vip == true" }] },
  async ({ event, step }) => {
    const deliveries = await step.run("plan", () => {
      const env = getEnv();
      return planVipNotice({
        db,
        complaintId: event.data.complaintId,
        appUrl: env.APP_URL,
        linkSecret: env.H5_LINK_SECRET,
      });
    });
    if (deliveries.length) await step.sendEvent("deliver", deliveryEvents(deliveries));
    return { planned: deliveries.length };
  },
);
