import { churnWatch } from "./functions/churn-watch";
import { deliverNotificationFn } from "./functions/deliver-notification";
import { monthlyCallbackSample } from "./functions/monthly-callback-sample";
import { notifyStaff } from "./functions/notify-staff";
import { pruneAbandoned } from "./functions/prune-abandoned";
import { retryPendingRefundsFn } from "./functions/retry-pending-refunds";
import { satisfactionLoop } from "./functions/satisfaction-loop";
import { settleRefundFn } from "./functions/settle-refund";
import { slaTimer } from "./functions/sla-timer";
import { smartAlerts } from "./functions/smart-alerts";
import { weeklyReport } from "./functions/weekly-report";

/** Every durable function, served at /api/inngest. */
export const functions = [
  slaTimer,
  notifyStaff,
  deliverNotificationFn,
  satisfactionLoop,
  churnWatch,
  smartAlerts,
  weeklyReport,
  monthlyCallbackSample,
  retryPendingRefundsFn,
  settleRefundFn,
  pruneAbandoned,
];
