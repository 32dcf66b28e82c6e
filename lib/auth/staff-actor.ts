import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { StaffRole } from "../generated/prisma/enums";
import { can, type Permission } from "./permissions";

/** Who is acting in the workspace, loaded fresh from the database on every request. */
export type StaffActor = { id: string; email: string; name: string; role: StaffRole; groupIds: string[] };

/**
 * The active staff member a session belongs to, or null. `signedInAt` (ms) is when the session was
 * signed in: one older than the account's `sessionsValidFrom` (a password reset) counts no more.
 */
export async function loadStaffActor({
  db,
  staffId,
  signedInAt,
}: {
  db: Db;
  staffId: string;
  signedInAt: number;
}): Promise<StaffActor | null> {
  const staff = await db.staffUser.findFirst({
    where: {
      id: staffId,
      active: true,
      OR: [{ sessionsValidFrom: null }, { sessionsValidFrom: { lte: new Date(signedInAt) } }],
    },
    select: { id: true, email: true, name: true, role: true, groups: { select: { groupId: true } } },
  });
  return (
    staff && {
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      groupIds: staff.groups.map((g) => g.groupId),
    }
  );
}

/** The first line of every staff operation. */
export function assertCan(actor: StaffActor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError("forbidden");
}
