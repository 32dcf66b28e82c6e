/** What staff channels can subscribe to. */
export const STAFF_TOPICS = ["sla_warning", "sla_breached"] as const;
export type StaffTopic = (typeof STAFF_TOPICS)[number];
