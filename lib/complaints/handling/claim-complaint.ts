import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** Takes an unassigned complaint (who may at its escalation level: HANDLING_BY_LEVEL, checked in applyComplaintChange). */
export async function claimComplaint({
  db,
  actor,
  complaintId,
  version,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "claim",
    permission: "complaint.claim",
    now,
    change: ({ complaint }) => {
      if (complaint.assigneeId && complaint.assigneeId !== actor.id) throw new AppError("already_assigned");
      return {
        data: { assigneeId: actor.id },
        events: [timelineEvent("assigned", { to: actor.id, toName: actor.name, claimed: true })],
      };
    },
  });
}
