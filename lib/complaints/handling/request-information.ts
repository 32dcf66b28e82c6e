import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** Asks the customer a question; the complaint waits for them and its SLA clock pauses. */
export async function requestInformation({
  db,
  actor,
  complaintId,
  version,
  text,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  text: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "request_info",
    permission: "complaint.request_info",
    now,
    change: () => ({ events: [timelineEvent("info_requested", { text })] }),
  });
}
