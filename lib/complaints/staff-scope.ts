import type { StaffActor } from "../auth/staff-actor";
import { seesAllGroups } from "../auth/permissions";
import { Prisma } from "../generated/prisma/client";

/**
 * The complaints a staff member may see: agents and experts their groups' (and anything assigned
 * to them); QA, supervisors and admins all. Every staff query puts this in its `where`, so a
 * forgotten check returns nothing rather than another group's complaint.
 */
export function complaintScope(actor: StaffActor): Prisma.ComplaintWhereInput {
  if (seesAllGroups(actor.role)) return {};
  return { OR: [{ groupId: { in: actor.groupIds } }, { assigneeId: actor.id }] };
}

/** The same scope for raw SQL over `complaints c` (the queue's search needs SQL Prisma cannot write). */
export function complaintScopeSql(actor: StaffActor): Prisma.Sql {
  if (seesAllGroups(actor.role)) return Prisma.sql`TRUE`;
  return Prisma.sql`(c.group_id = ANY(${actor.groupIds}::uuid[]) OR c.assignee_id = ${actor.id}::uuid)`;
}
