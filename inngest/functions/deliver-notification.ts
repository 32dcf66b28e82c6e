import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { deliverNotification, markDeliveryFailed } from "@/lib/notify/deliver-notification";
import { inngest } from "../client";
import { notificationRequested } from "../events";

/**
 * Sends one delivery. At most 20 per minute per channel (the WeCom and DingTalk robot limit;
 * Inngest queues the rest), retried with Inngest's backoff on retryable failures; after the last
 * retry the delivery is marked failed and listed for admins with a resend button.
 */
export const deliverNotificationFn = inngest.createFunction(
  {
    id: "deliver-notification",
    triggers: [notificationRequested],
    throttle: { limit: 20, period: "1m", key: "event.data.channelId" },
    retries: 5,
    onFailure: async ({ event, error, step }) => {
      await step.run("mark-failed", () =>
        markDeliveryFailed({ db, deliveryId: event.data.event.data.deliveryId, error: error.message }),
      );
    },
  },
  async ({ event, step }) =>
    step.run("send", () => deliverNotification({ db, deliveryId: event.data.deliveryId, keyring: appKeyring() })),
);
