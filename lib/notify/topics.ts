/** What staff channels (group robots) can subscribe to. */
const STAFF_TOPICS = [
  "sla_warning",
  "sla_breached",
  "churn_warning",
  "alert",
  "weekly_report",
  "vip_complaint",
  // An improvement plan's due day, and its before/after result (lib/plans).
  "improvement_plan",
  // Orders the risk model expects to end in a complaint (lib/risk): call before the customer does.
  "order_risk",
] as const;
/** What customer channels (SMS, app push) can subscribe to. */
const CUSTOMER_TOPICS = ["complaint_result"] as const;
export const TOPICS = [...STAFF_TOPICS, ...CUSTOMER_TOPICS] as const;
export type Topic = (typeof TOPICS)[number];
