import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { STAFF_ROLES } from "../auth/permissions";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { formCheckbox } from "../validation";
import { releaseExpertDuty } from "./handling-groups";
import { NO_PASSWORD } from "./no-password";
import { lockTeam } from "./team-lock";
import { issueStaffToken } from "./staff-tokens";

const OPEN_STATUSES = ["new", "processing", "waiting_customer"] as const;

const groupCodes = z.preprocess(
  (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
  z.array(z.string().trim().min(1).max(40)).max(20),
);
const imUserId = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z
    .string()
    .trim()
    .max(64)
    .regex(/^[\w.@-]+$/, "im_user_id")
    .nullable()
    .default(null),
);

export const inviteStaffSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  name: z.string().trim().min(1).max(60),
  role: z.enum(STAFF_ROLES),
  groups: groupCodes,
  imUserId,
});

export const updateStaffSchema = inviteStaffSchema.omit({ email: true }).extend({
  id: z.string().uuid(),
  active: formCheckbox,
});

export const staffIdSchema = z.object({ id: z.string().uuid() });

/** The team for the admin page: accounts, their groups, whether they can sign in, open complaints held. */
export async function listTeam({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.team");
  const staff = await db.staffUser.findMany({
    orderBy: [{ active: "desc" }, { role: "asc" }, { name: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      imUserId: true,
      passwordHash: true,
      groups: { select: { group: { select: { code: true } } } },
      _count: { select: { assigned: { where: { status: { in: [...OPEN_STATUSES] } } } } },
    },
  });
  return {
    staff: staff.map(({ passwordHash, groups: memberships, _count, ...member }) => ({
      ...member,
      groups: memberships.map((m) => m.group.code).sort(),
      // Invited and not yet signed up: no password set.
      invited: passwordHash === NO_PASSWORD,
      openComplaints: _count.assigned,
    })),
  };
}

async function groupIdsFor(tx: Pick<Db, "handlingGroup">, codes: string[]) {
  const groups = await tx.handlingGroup.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const unknown = codes.filter((code) => !groups.some((g) => g.code === code));
  if (unknown.length) throw new AppError("validation_failed", { fields: [{ path: "groups", code: "enum" }] });
  return groups.map((g) => g.id);
}

/**
 * A new account, invited: no password until the person opens the one-time link (72 h) the admin
 * passes on. An address already in use is a field error; nothing is written then. Audited.
 */
export async function inviteStaff({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof inviteStaffSchema>;
  now?: Date;
}) {
  assertCan(actor, "settings.team");
  try {
    return await db.$transaction(async (tx) => {
      const groupIds = await groupIdsFor(tx, input.groups);
      const staff = await tx.staffUser.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          imUserId: input.imUserId,
          passwordHash: NO_PASSWORD,
          groups: { create: groupIds.map((groupId) => ({ groupId })) },
        },
        select: { id: true },
      });
      const link = await issueStaffToken({ tx, staffId: staff.id, purpose: "invite", createdById: actor.id, now });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: "team.invited",
          target: { type: "staff_user", id: staff.id },
          after: {
            email: input.email,
            name: input.name,
            role: input.role,
            groups: input.groups,
            imUserId: input.imUserId,
          },
        },
      });
      return { staffId: staff.id, ...link };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("validation_failed", { fields: [{ path: "email", code: "taken" }] });
    throw error;
  }
}

/**
 * Edits an account: name, role, groups, IM id, active. An admin cannot demote or deactivate
 * themselves, and the last admin who can sign in stays one (no one could run the team then).
 * Deactivating ends the account's sessions for good — also after a later reactivation, which
 * needs a fresh sign-in — and withdraws its open links. Audited with before and after.
 */
export async function updateStaff({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof updateStaffSchema>;
}) {
  assertCan(actor, "settings.team");
  return db.$transaction(async (tx) => {
    // Locked: two admins editing admins at once must not both pass the last-admin check.
    await lockTeam(tx);
    // The acting admin may have been demoted by a colleague while this request waited for the lock.
    const stillAdmin = await tx.staffUser.count({ where: { id: actor.id, role: "admin", active: true } });
    if (!stillAdmin) throw new AppError("forbidden");
    const before = await tx.staffUser.findUnique({
      where: { id: input.id },
      select: {
        name: true,
        role: true,
        active: true,
        imUserId: true,
        passwordHash: true,
        groups: { select: { group: { select: { code: true } } } },
      },
    });
    if (!before) throw new AppError("staff_not_found");
    const beforeUsable = before.passwordHash !== NO_PASSWORD;
    const losesAdmin = before.role === "admin" && before.active && (input.role !== "admin" || !input.active);
    if (losesAdmin && input.id === actor.id) throw new AppError("team_own_admin");
    // Only admins who can sign in count: an invited one whose link lapsed could not run the team.
    const usableAdmins = await tx.staffUser.count({
      where: { role: "admin", active: true, passwordHash: { not: NO_PASSWORD } },
    });
    if (losesAdmin && usableAdmins <= (beforeUsable ? 1 : 0)) throw new AppError("team_last_admin");
    const groupIds = await groupIdsFor(tx, input.groups);
    await tx.staffUser.update({
      where: { id: input.id },
      data: {
        name: input.name,
        role: input.role,
        active: input.active,
        imUserId: input.imUserId,
        // Deactivated: every session so far is over, even if the account is reactivated later.
        ...(before.active && !input.active ? { sessionsValidFrom: new Date() } : {}),
        groups: { deleteMany: {}, create: groupIds.map((groupId) => ({ groupId })) },
      },
    });
    if (!input.active) await tx.staffToken.deleteMany({ where: { staffId: input.id, usedAt: null } });
    await releaseExpertDuty({ tx, staffId: input.id });
    const { name, role, active, imUserId } = before;
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "team.updated",
        target: { type: "staff_user", id: input.id },
        before: { name, role, active, imUserId, groups: before.groups.map((g) => g.group.code).sort() },
        after: {
          name: input.name,
          role: input.role,
          active: input.active,
          imUserId: input.imUserId,
          groups: [...input.groups].sort(),
        },
      },
    });
    return { id: input.id };
  });
}

/**
 * A one-time link (24 h) to choose a new password, for the admin to pass on. The old password
 * keeps working until the link is used; then every earlier session ends. Audited.
 */
export async function issuePasswordReset({
  db,
  actor,
  staffId,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  staffId: string;
  now?: Date;
}) {
  assertCan(actor, "settings.team");
  return db.$transaction(async (tx) => {
    const staff = await tx.staffUser.findFirst({ where: { id: staffId, active: true }, select: { id: true } });
    if (!staff) throw new AppError("staff_not_found");
    const link = await issueStaffToken({ tx, staffId, purpose: "password_reset", createdById: actor.id, now });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "team.password_reset_issued",
        target: { type: "staff_user", id: staffId },
        after: { expiresAt: link.expiresAt.toISOString() },
      },
    });
    return link;
  });
}
