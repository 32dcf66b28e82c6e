import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { handlerRoles } from "../auth/permissions";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { ESCALATION_LEVELS } from "../complaints/vocabulary/terms";
import { GROUP_CODE_PATTERN, VIP_GROUP_CODE } from "../complaints/vocabulary/handling-groups";
import { CATEGORIES, isCategory } from "../complaints/vocabulary/taxonomy";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "../i18n/config";
import { NO_PASSWORD } from "./no-password";
import { lockTeam } from "./team-lock";

/**
 * Handling groups are data an admin edits on /admin/settings/team: a name per language, the
 * complaint subtypes routed to the group (each subtype to exactly one group, so intake always
 * knows where a complaint goes: lib/complaints/intake-statement.ts), its members and the expert on
 * duty, who takes the group's escalations first. The VIP line routes no subtype: it takes every
 * complaint of a VIP customer.
 */

// The roles that may hold an escalated complaint (experts and supervisors).
const ON_DUTY_ROLES = handlerRoles(ESCALATION_LEVELS.l2);

/** A group's name in the viewer's language (zh-CN, then the code, for a name never given). */
export function groupName({ names, code, locale }: { names: unknown; code: string; locale: string }): string {
  const record = names && typeof names === "object" ? (names as Partial<Record<string, unknown>>) : {};
  const name = record[locale] ?? record[DEFAULT_LOCALE];
  return typeof name === "string" && name ? name : code;
}

/** code → name in the viewer's language, for lists and filters that show groups by code. */
export async function groupNamesByCode({ db, locale }: { db: Db; locale: string }): Promise<Record<string, string>> {
  const groups = await db.handlingGroup.findMany({
    select: { code: true, names: true },
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
  });
  return Object.fromEntries(groups.map((g) => [g.code, groupName({ names: g.names, code: g.code, locale })]));
}

const name = z.string().trim().min(1).max(40);
const categories = z.preprocess(
  (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
  z
    .array(z.string().refine(isCategory, "unknown_category"))
    .max(CATEGORIES.length)
    .transform((list) => [...new Set(list)]),
);
const staffIds = z.preprocess(
  (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
  z.array(z.string().uuid()).max(200),
);
const groupFields = { nameZh: name, nameEn: name, nameEs: name, categories, members: staffIds };

export const createGroupSchema = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(GROUP_CODE_PATTERN, "group_code")
    // "mine" means the viewer's own groups in the queue's filter.
    .refine((code) => code !== "mine", "taken"),
  ...groupFields,
});

export const updateGroupSchema = z.object({
  id: z.string().uuid(),
  ...groupFields,
  // The member ids the form was drawn with (comma-joined), to refuse a save over a colleague's change.
  membersShown: z
    .string()
    .max(200 * 37)
    .transform((joined) => joined.split(",").filter(Boolean))
    .optional(),
  expertOnDutyId: z.preprocess((v) => (v === "" ? null : v), z.string().uuid().nullable().default(null)),
});

type GroupInput = z.output<typeof createGroupSchema>;

const GROUP_SELECT = {
  id: true,
  code: true,
  names: true,
  categories: true,
  expertOnDutyId: true,
  members: { select: { staffId: true } },
} as const satisfies Prisma.HandlingGroupSelect;

/** The groups for the admin page: names, categories, members and the expert on duty. */
export async function listHandlingGroups({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.team");
  const groups = await db.handlingGroup.findMany({
    orderBy: [{ createdAt: "asc" }, { code: "asc" }],
    select: GROUP_SELECT,
  });
  return groups.map(({ names, members, ...group }) => ({
    ...group,
    names: Object.fromEntries(LOCALES.map((locale) => [locale, groupName({ names, code: group.code, locale })])),
    memberIds: members.map((m) => m.staffId),
  }));
}

const namesOf = (input: Pick<GroupInput, "nameZh" | "nameEn" | "nameEs">): Record<Locale, string> => ({
  "zh-CN": input.nameZh,
  en: input.nameEn,
  es: input.nameEs,
});

/**
 * Gives the group exactly `wanted` of the subtypes: those it takes are moved from the groups
 * that had them; one it gives up must have been taken by another group first, or it would
 * route nowhere.
 */
async function routeCategories({
  tx,
  group,
  wanted,
}: {
  tx: Prisma.TransactionClient;
  group: { id: string; code: string; categories: string[] };
  wanted: string[];
}) {
  if (group.code === VIP_GROUP_CODE && wanted.length)
    throw new AppError("validation_failed", { fields: [{ path: "categories", code: "vip_categories" }] });
  if (group.categories.some((category) => !wanted.includes(category)))
    throw new AppError("validation_failed", { fields: [{ path: "categories", code: "category_unrouted" }] });
  const others = await tx.handlingGroup.findMany({
    where: { id: { not: group.id }, categories: { hasSome: wanted } },
    select: { id: true, code: true, categories: true },
  });
  for (const other of others)
    await tx.handlingGroup.update({
      where: { id: other.id },
      data: { categories: other.categories.filter((category) => !wanted.includes(category)) },
    });
  return others.map((other) => ({ code: other.code, gave: other.categories.filter((c) => wanted.includes(c)) }));
}

async function checkMembers({ tx, ids }: { tx: Prisma.TransactionClient; ids: string[] }) {
  const found = await tx.staffUser.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size)
    throw new AppError("validation_failed", { fields: [{ path: "members", code: "enum" }] });
}

/** A new handling group, with the subtypes it takes over from other groups and its members. Audited. */
export async function createHandlingGroup({ db, actor, input }: { db: Db; actor: StaffActor; input: GroupInput }) {
  assertCan(actor, "settings.team");
  try {
    return await db.$transaction(async (tx) => {
      // Two admins moving one subtype at once must not leave it in two groups or in none.
      await lockTeam(tx);
      await checkMembers({ tx, ids: input.members });
      const group = await tx.handlingGroup.create({
        data: {
          code: input.code,
          names: namesOf(input),
          members: { create: [...new Set(input.members)].map((staffId) => ({ staffId })) },
        },
        select: { id: true, code: true, categories: true },
      });
      const moved = await routeCategories({ tx, group, wanted: input.categories });
      await tx.handlingGroup.update({ where: { id: group.id }, data: { categories: input.categories } });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: "team.group_created",
          target: { type: "handling_group", id: group.id },
          after: {
            code: input.code,
            names: namesOf(input),
            categories: input.categories,
            members: input.members,
            moved,
          },
        },
      });
      return { id: group.id };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("validation_failed", { fields: [{ path: "code", code: "taken" }] });
    throw error;
  }
}

/**
 * Edits a group: names, subtypes, members, the expert on duty (an active expert or supervisor
 * among its members). Complaints already filed stay where they are; the next one is routed by
 * the new categories. Audited with before and after.
 */
export async function updateHandlingGroup({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof updateGroupSchema>;
}) {
  assertCan(actor, "settings.team");
  return db.$transaction(async (tx) => {
    // Two admins moving one subtype at once must not leave it in two groups or in none.
    await lockTeam(tx);
    const before = await tx.handlingGroup.findUnique({
      where: { id: input.id },
      select: GROUP_SELECT,
    });
    if (!before) throw new AppError("not_found");
    // The form sends the whole member list: if a colleague changed it since the form was drawn
    // (another admin, an account's groups, an account manager joining the VIP line), saving would
    // silently undo that.
    const current = before.members.map((m) => m.staffId).sort();
    if (input.membersShown !== undefined && current.join(",") !== [...input.membersShown].sort().join(","))
      throw new AppError("stale_settings");
    await checkMembers({ tx, ids: input.members });
    if (input.expertOnDutyId) {
      const eligible = await tx.staffUser.count({
        where: {
          id: input.expertOnDutyId,
          active: true,
          passwordHash: { not: NO_PASSWORD },
          role: { in: [...ON_DUTY_ROLES] },
        },
      });
      if (!eligible || !input.members.includes(input.expertOnDutyId))
        throw new AppError("validation_failed", { fields: [{ path: "expertOnDutyId", code: "expert_on_duty" }] });
    }
    const moved = await routeCategories({ tx, group: before, wanted: input.categories });
    const members = [...new Set(input.members)];
    await tx.handlingGroup.update({
      where: { id: input.id },
      data: {
        names: namesOf(input),
        categories: input.categories,
        expertOnDutyId: input.expertOnDutyId,
        members: { deleteMany: {}, create: members.map((staffId) => ({ staffId })) },
      },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "team.group_updated",
        target: { type: "handling_group", id: input.id },
        before: {
          names: before.names ?? {},
          categories: before.categories,
          members: before.members.map((m) => m.staffId).sort(),
          expertOnDutyId: before.expertOnDutyId,
        },
        after: {
          names: namesOf(input),
          categories: input.categories,
          members: [...members].sort(),
          expertOnDutyId: input.expertOnDutyId,
          moved,
        },
      },
    });
    return { id: input.id };
  });
}

/**
 * After an account changes (groups, role, deactivation): it stays the expert on duty only of
 * groups it still belongs to, active and in a role that handles escalations. (expertOnDuty checks
 * the same again when it hands out a complaint.)
 */
export async function releaseExpertDuty({ tx, staffId }: { tx: Prisma.TransactionClient; staffId: string }) {
  await tx.$executeRaw`
    UPDATE handling_groups g SET expert_on_duty_id = NULL
    WHERE g.expert_on_duty_id = ${staffId}::uuid AND NOT EXISTS (
      SELECT 1 FROM staff_group_members m JOIN staff_users s ON s.id = m.staff_id
      WHERE m.group_id = g.id AND m.staff_id = ${staffId}::uuid AND s.active
        AND s.role::text = ANY(${[...ON_DUTY_ROLES]}::text[]))`;
}

/**
 * The group's expert on duty, if one is named and may take an escalated complaint of the group
 * right now: an active member, signed up, in a role that handles L2 — what assigning by hand
 * would ask of them.
 */
export async function expertOnDuty({ tx, groupId }: { tx: Prisma.TransactionClient; groupId: string }) {
  const [onDuty] = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT s.id, s.name FROM handling_groups g
    JOIN staff_users s ON s.id = g.expert_on_duty_id
    JOIN staff_group_members m ON m.group_id = g.id AND m.staff_id = s.id
    WHERE g.id = ${groupId}::uuid AND s.active AND s.password_hash <> ${NO_PASSWORD}
      AND s.role::text = ANY(${[...ON_DUTY_ROLES]}::text[])`;
  return onDuty ?? null;
}
