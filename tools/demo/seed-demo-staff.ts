import type { Db } from "../../lib/db-client";
import { hashPassword } from "../../lib/auth/password";
import { STAFF_ROLES } from "../../lib/auth/permissions";

export const DEMO_STAFF = STAFF_ROLES.map((role) => ({ role, email: `${role}@kesu.demo` }));

const NAMES = {
  agent: "小李（一线）",
  expert: "王工（二线）",
  qa: "质检小周",
  supervisor: "陈主管",
  admin: "系统管理员",
} as const;

/**
 * One demo account per role, all in every handling group (a small shop's team covers them all).
 * Accounts that already exist keep their password: this runs on every start.
 */
export async function seedDemoStaff({ db, password }: { db: Db; password: string }): Promise<number> {
  const existing = new Set(
    (
      await db.staffUser.findMany({ where: { email: { in: DEMO_STAFF.map((s) => s.email) } }, select: { email: true } })
    ).map((s) => s.email),
  );
  const missing = DEMO_STAFF.filter((s) => !existing.has(s.email));
  if (missing.length === 0) return 0;
  const [groups, passwordHash] = await Promise.all([
    db.handlingGroup.findMany({ select: { id: true } }),
    hashPassword(password),
  ]);
  for (const { role, email } of missing) {
    const created = await db.staffUser.create({
      data: {
        email,
        role,
        name: NAMES[role],
        passwordHash,
        imUserId: `kesu-${role}`,
        groups: { create: groups.map((g) => ({ groupId: g.id })) },
      },
      select: { id: true },
    });
    // The demo supervisor looks after the demo's VIP customers (their complaints @-mention them).
    if (role === "supervisor")
      await db.customer.updateMany({
        where: { tier: "vip", accountManagerId: null },
        data: { accountManagerId: created.id },
      });
  }
  return missing.length;
}
