import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** Back to processing with a fresh resolution-plan deadline; the reason stays internal. */
export async function reopenComplaint({
  db,
  actor,
  complaintId,
  version,
  reason,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  reason: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "reopen",
    permission: "complaint.reopen",
    now,
    change: () => ({ events: [timelineEvent("reopened", { reason, byName: actor.name })], audit: { reason } }),
  });
}
