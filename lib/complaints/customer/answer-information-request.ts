import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** The customer answers our question: the complaint is back with us and its SLA clock runs again. */
export async function answerInformationRequest({
  db,
  customerId,
  complaintId,
  text,
  now,
}: {
  db: Db;
  customerId: string;
  complaintId: string;
  text: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "customer", customerId },
    complaintId,
    action: "customer_answer",
    now,
    change: () => ({ events: [timelineEvent("customer_answer", { text })] }),
  });
}
