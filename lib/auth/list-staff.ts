import type { Db } from "../db/create-client";
import { seesAllGroups } from "./permissions";
import type { StaffActor } from "./staff-actor";

/** Active colleagues the viewer can filter by or assign to: everyone for floor-wide roles, else those sharing a group. */
export async function listVisibleStaff({ db, actor }: { db: Db; actor: StaffActor }) {
  return db.staffUser.findMany({
    where: { active: true, ...(seesAllGroups(actor.role) ? {} : { groups: { some: { groupId: { in: actor.groupIds } } } }) },
    select: { id: true, name: true, role: true },
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
}
