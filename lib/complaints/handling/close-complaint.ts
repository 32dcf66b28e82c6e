import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

export async function closeComplaint({
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
  reason?: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "close",
    permission: "complaint.close",
    now,
    change: () => ({
      events: reason ? [timelineEvent("note", { text: reason, authorName: actor.name })] : [],
      audit: { reason: reason ?? null },
    }),
  });
}
