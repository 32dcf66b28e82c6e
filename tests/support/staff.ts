import { hashPassword } from "../../lib/auth/password";
import type { StaffActor } from "../../lib/auth/staff-actor";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import { testDb } from "./db-helpers";

export const STAFF_PASSWORD = "correct horse battery";
let cachedHash: Promise<string> | undefined;

/** A staff member of the given role in the given groups (default: every group). */
export async function createStaff({
  role,
  email,
  groupCodes,
}: {
  role: StaffRole;
  email?: string;
  groupCodes?: string[];
}): Promise<StaffActor> {
  cachedHash ??= hashPassword(STAFF_PASSWORD);
  const groups = await testDb.handlingGroup.findMany({
    where: groupCodes ? { code: { in: groupCodes } } : {},
    select: { id: true },
  });
  const staff = await testDb.staffUser.create({
    data: {
      email: email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@test.kesu`,
      name: `${role} tester`,
      role,
      passwordHash: await cachedHash,
      groups: { create: groups.map((g) => ({ groupId: g.id })) },
    },
  });
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, groupIds: groups.map((g) => g.id) };
}
