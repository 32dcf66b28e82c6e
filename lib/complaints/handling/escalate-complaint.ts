import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { applyComplaintChange } from "../apply-change";
import { ESCALATION_LEVELS, isEscalated } from "../vocabulary/terms";
import { timelineEvent } from "../vocabulary/timeline-events";

/** L1 → L2: the complaint leaves the agent and waits for an expert of its group, with the reason kept internal. */
export async function escalateComplaint({
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
    action: "escalate",
    permission: "complaint.escalate",
    now,
    change: ({ complaint }) => {
      if (isEscalated(complaint.escalationLevel))
        throw new AppError("illegal_transition", { params: { from: "L2", action: "escalate" } });
      return {
        data: { escalationLevel: ESCALATION_LEVELS.l2, assigneeId: null },
        events: [timelineEvent("escalated", { reason, byName: actor.name }), timelineEvent("escalated_notice", {})],
        audit: { reason },
      };
    },
  });
}
