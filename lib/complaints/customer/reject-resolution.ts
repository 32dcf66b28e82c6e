import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** Not satisfied: the complaint reopens with the customer's reason, for the same assignee. */
export async function rejectResolution({
  db,
  customerId,
  complaintId,
  reason,
  now,
}: {
  db: Db;
  customerId: string;
  complaintId: string;
  reason: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "customer", customerId },
    complaintId,
    action: "customer_reject",
    now,
    change: () => ({ events: [timelineEvent("resolution_rejected", { reason })], audit: { reason } }),
  });
}
