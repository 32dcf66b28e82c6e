import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

export async function confirmResolution({
  db,
  customerId,
  complaintId,
  now,
}: {
  db: Db;
  customerId: string;
  complaintId: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "customer", customerId },
    complaintId,
    action: "customer_confirm",
    now,
    change: () => ({ events: [timelineEvent("resolution_confirmed", {})] }),
  });
}
