import { handlerRoles } from "../../auth/permissions";
import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** A supervisor hands a complaint to someone in its handling group who can work it at its level. */
export async function assignComplaint({
  db,
  actor,
  complaintId,
  version,
  assigneeId,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  assigneeId: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "assign",
    permission: "complaint.assign",
    now,
    change: async ({ tx, complaint }) => {
      const assignee = await tx.staffUser.findFirst({
        where: {
          id: assigneeId,
          active: true,
          role: { in: [...handlerRoles(complaint.escalationLevel)] },
          groups: { some: { groupId: complaint.groupId } },
        },
        select: { id: true, name: true },
      });
      if (!assignee) throw new AppError("assignee_not_eligible", { fields: [{ path: "assigneeId", code: "invalid" }] });
      return {
        data: { assigneeId: assignee.id },
        events: [
          timelineEvent("assigned", { to: assignee.id, toName: assignee.name, by: actor.id, byName: actor.name }),
        ],
      };
    },
  });
}
