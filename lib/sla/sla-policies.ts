import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { PRIORITIES } from "../complaints/vocabulary/terms";

const minutes = (max: number) => z.coerce.number().int().min(1).max(max);
// "HH:MM" (Asia/Shanghai) → minutes after midnight; empty → no business hours.
const clock = z
  .union([z.literal(""), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "clock")])
  .nullish()
  .transform((v) => (v ? Number(v.slice(0, 2)) * 60 + Number(v.slice(3)) : null));
const policySchema = z
  .object({
    firstResponseMinutes: minutes(7 * 24 * 60),
    resolutionPlanMinutes: minutes(30 * 24 * 60),
    warnBeforeMinutes: minutes(24 * 60),
    businessStart: clock,
    businessEnd: clock,
  })
  .refine((p) => p.warnBeforeMinutes < p.firstResponseMinutes, { path: ["warnBeforeMinutes"], message: "warn_before" })
  .refine((p) => p.firstResponseMinutes <= p.resolutionPlanMinutes, {
    path: ["resolutionPlanMinutes"],
    message: "plan_before_response",
  })
  .refine(
    (p) =>
      (p.businessStart === null) === (p.businessEnd === null) &&
      (p.businessStart === null || p.businessStart < p.businessEnd!),
    { path: ["businessEnd"], message: "business_hours" },
  )
  .transform(({ businessStart, businessEnd, ...rest }) => ({
    ...rest,
    businessStartMinute: businessStart,
    businessEndMinute: businessEnd,
  }));

/** All three priorities at once, as the settings form sends them. */
export const slaPoliciesSchema = z.object({ high: policySchema, medium: policySchema, low: policySchema });
export type SlaPoliciesInput = z.output<typeof slaPoliciesSchema>;

export async function listSlaPolicies({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.settings");
  const rows = await db.slaPolicy.findMany({
    select: {
      priority: true,
      firstResponseMinutes: true,
      resolutionPlanMinutes: true,
      warnBeforeMinutes: true,
      businessStartMinute: true,
      businessEndMinute: true,
      updatedAt: true,
    },
  });
  return PRIORITIES.map((priority) => rows.find((r) => r.priority === priority)!).filter(Boolean);
}

/**
 * Changes the SLA policies (new complaints use them; running deadlines keep theirs), audited
 * with before and after in the same transaction. A form showing older values is refused.
 */
export async function updateSlaPolicies({
  db,
  actor,
  input,
  expectedUpdatedAt,
}: {
  db: Db;
  actor: StaffActor;
  input: SlaPoliciesInput;
  expectedUpdatedAt?: string;
}) {
  assertCan(actor, "settings.sla");
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM sla_policies FOR UPDATE`;
    const before = await tx.slaPolicy.findMany({
      select: {
        priority: true,
        firstResponseMinutes: true,
        resolutionPlanMinutes: true,
        warnBeforeMinutes: true,
        businessStartMinute: true,
        businessEndMinute: true,
        updatedAt: true,
      },
    });
    const latest = before.reduce((max, p) => Math.max(max, p.updatedAt.getTime()), 0);
    if (expectedUpdatedAt && new Date(expectedUpdatedAt).getTime() !== latest) throw new AppError("stale_settings");
    for (const priority of PRIORITIES) await tx.slaPolicy.update({ where: { priority }, data: input[priority] });
    const strip = (rows: typeof before) =>
      Object.fromEntries(rows.map(({ priority, updatedAt: _u, ...rest }) => [priority, rest]));
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "settings.sla_policies",
        target: { type: "settings", id: "sla_policies" },
        before: strip(before),
        after: input,
      },
    });
  });
}
