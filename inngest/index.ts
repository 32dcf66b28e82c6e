import { churnWatch } from "./functions/churn-watch";
import { deliverNotificationFn } from "./functions/deliver-notification";
import { notifyStaff } from "./functions/notify-staff";
import { satisfactionLoop } from "./functions/satisfaction-loop";
import { slaTimer } from "./functions/sla-timer";

/** Every durable function, served at /api/inngest. */
export const functions = [slaTimer, notifyStaff, deliverNotificationFn, satisfactionLoop, churnWatch];
