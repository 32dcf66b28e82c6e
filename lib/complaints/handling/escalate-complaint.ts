import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { expertOnDuty } from "../../staff/handling-groups";
import { applyComplaintChange } from "../apply-change";
import { ESCALATION_LEVELS, isEscalated } from "../vocabulary/terms";
import { timelineEvent } from "../vocabulary/timeline-events";

/**
 * L1 → L2: the complaint leaves the agent for the group's expert on duty (or, with none named,
 * waits for any expert of the group), with the reason kept internal.
 */
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
    change: async ({ tx, complaint }) => {
      if (isEscalated(complaint.escalationLevel))
        throw new AppError("illegal_transition", { params: { from: "L2", action: "escalate" } });
      const onDuty = await expertOnDuty({ tx, groupId: complaint.groupId });
      return {
        data: { escalationLevel: ESCALATION_LEVELS.l2, assigneeId: onDuty?.id ?? null },
        events: [
          timelineEvent("escalated", { reason, byName: actor.name }),
          ...(onDuty ? [timelineEvent("assigned", { to: onDuty.id, toName: onDuty.name })] : []),
          timelineEvent("escalated_notice", {}),
        ],
        audit: { reason },
      };
    },
  });
}
