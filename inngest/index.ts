import { churnWatch } from "./functions/churn-watch";
import { deliverNotificationFn } from "./functions/deliver-notification";
import { monthlyCallbackSample } from "./functions/monthly-callback-sample";
import { notifyStaff } from "./functions/notify-staff";
import { notifyVip } from "./functions/notify-vip";
import { orderRiskWatch } from "./functions/order-risk-watch";
import { planFollowUp } from "./functions/plan-follow-up";
import { pruneAbandoned } from "./functions/prune-abandoned";
import { ratingComplaint } from "./functions/rating-complaint";
import { retryPendingRefundsFn } from "./functions/retry-pending-refunds";
import { riskModelRetrain } from "./functions/risk-model-retrain";
import { satisfactionLoop } from "./functions/satisfaction-loop";
import { sentimentAdapt } from "./functions/sentiment-adapt";
import { settleRefundFn } from "./functions/settle-refund";
import { slaTimer } from "./functions/sla-timer";
import { smartAlerts } from "./functions/smart-alerts";
import { vipTiers } from "./functions/vip-tiers";
import { weeklyReport } from "./functions/weekly-report";

/** Every durable function, served at /api/inngest. */
export const functions = [
  slaTimer,
  notifyStaff,
  notifyVip,
  deliverNotificationFn,
  satisfactionLoop,
  churnWatch,
  smartAlerts,
  weeklyReport,
  monthlyCallbackSample,
  retryPendingRefundsFn,
  settleRefundFn,
  pruneAbandoned,
  ratingComplaint,
  vipTiers,
  planFollowUp,
  riskModelRetrain,
  orderRiskWatch,
  sentimentAdapt,
];
