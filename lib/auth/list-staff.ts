import type { Db } from "../db-client";
import { handlerRoles, seesAllGroups } from "./permissions";
import type { StaffActor } from "./staff-actor";

/** Active colleagues the viewer can filter by or assign to: everyone for floor-wide roles, else those sharing a group. */
export async function listVisibleStaff({ db, actor }: { db: Db; actor: StaffActor }) {
  return db.staffUser.findMany({
    where: {
      active: true,
      ...(seesAllGroups(actor.role) ? {} : { groups: { some: { groupId: { in: actor.groupIds } } } }),
    },
    select: { id: true, name: true, role: true },
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}

/**
 * Who a complaint can be handed to: active members of its handling group in a role that may hold
 * it at its escalation level — the rule assignComplaint enforces, so the list offers no one it refuses.
 */
export async function listAssignees({
  db,
  complaint,
}: {
  db: Db;
  complaint: { groupId: string; escalationLevel: number };
}) {
  return db.staffUser.findMany({
    where: {
      active: true,
      role: { in: [...handlerRoles(complaint.escalationLevel)] },
      groups: { some: { groupId: complaint.groupId } },
    },
    select: { id: true, name: true, role: true },
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}
