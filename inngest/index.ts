import { deliverNotificationFn } from "./functions/deliver-notification";
import { notifyStaff } from "./functions/notify-staff";
import { slaTimer } from "./functions/sla-timer";

/** Every durable function, served at /api/inngest. */
export const functions = [slaTimer, notifyStaff, deliverNotificationFn];
