import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { checkChurn } from "@/lib/surveys/check-churn";
import { inngest } from "../client";
import { surveyAnswered } from "../events";
import { deliveryEvents } from "../deliveries";

/** Every dissatisfied answer is a chance to catch a leaving customer (see lib/surveys/check-churn.ts). */
export const churnWatch = inngest.createFunction(
  { id: "churn-watch", triggers: [surveyAnswered] },
  async ({ event, step }) => {
    if (event.data.csat > 2) return { churn: false };
    const result = await step.run("check", () => {
      const env = getEnv();
      return checkChurn({
        db,
        customerId: event.data.customerId,
        responseId: event.data.responseId,
        appUrl: env.APP_URL,
        linkSecret: env.H5_LINK_SECRET,
      });
    });
    if (result.deliveries.length) {
      await step.sendEvent("alert", deliveryEvents(result.deliveries));
    }
    return { churn: result.churn };
  },
);
