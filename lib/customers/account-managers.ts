import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { VIP_GROUP_CODE } from "../complaints/vocabulary/handling-groups";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { lockTeam } from "../staff/team-lock";
import { AppError } from "../errors";

/** How many VIP customers the team page lists (a shop's VIPs are few; the newest first past that). */
const LISTED = 200;

/** VIP customers and who looks after each, with the staff who can (admins only: who sees whom). */
export async function listVipCustomers({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.team");
  const [customers, total, staff] = await Promise.all([
    db.customer.findMany({
      where: { tier: "vip" },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: LISTED,
      select: { id: true, name: true, externalId: true, region: true, tierSource: true, accountManagerId: true },
    }),
    db.customer.count({ where: { tier: "vip" } }),
    db.staffUser.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { customers, total, staff };
}

export const accountManagerSchema = z.object({
  customerId: z.uuid(),
  // Empty: nobody looks after this customer any more.
  staffId: z.union([z.uuid(), z.literal("")]).transform((value) => value || null),
});

/** Adds the staff member to the VIP line's group unless they are on it; whether they were added. */
async function joinVipLine({ tx, staffId }: { tx: Prisma.TransactionClient; staffId: string }) {
  const group = await tx.handlingGroup.findUnique({ where: { code: VIP_GROUP_CODE }, select: { id: true } });
  if (!group) return false;
  const { count } = await tx.staffGroupMember.createMany({
    data: [{ staffId, groupId: group.id }],
    skipDuplicates: true,
  });
  return count > 0;
}

/**
 * Names (or clears) a customer's account manager, who must be an active staff member, and puts
 * them on the VIP line (so the complaints they are told about open for them). Audited.
 */
export async function setAccountManager({
  db,
  actor,
  customerId,
  staffId,
}: {
  db: Db;
  actor: StaffActor;
  customerId: string;
  staffId: string | null;
}) {
  assertCan(actor, "settings.team");
  return db.$transaction(async (tx) => {
    // It may add a member to the VIP line: one team change at a time (lib/staff/team-lock.ts).
    await lockTeam(tx);
    const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { accountManagerId: true } });
    if (!customer) throw new AppError("customer_not_found");
    if (staffId && !(await tx.staffUser.findFirst({ where: { id: staffId, active: true }, select: { id: true } })))
      throw new AppError("staff_not_found");
    if (customer.accountManagerId === staffId) return { changed: false };
    await tx.customer.update({ where: { id: customerId }, data: { accountManagerId: staffId } });
    // The notice links to the customer's complaints, which are on the VIP line: its manager is on it.
    const joinedVipLine = staffId ? await joinVipLine({ tx, staffId }) : false;
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "customer.account_manager",
        target: { type: "customer", id: customerId },
        before: { accountManagerId: customer.accountManagerId },
        after: { accountManagerId: staffId, ...(joinedVipLine ? { joinedGroup: VIP_GROUP_CODE } : {}) },
      },
    });
    return { changed: true };
  });
}
