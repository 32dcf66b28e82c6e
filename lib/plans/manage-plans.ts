import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { PLAN_METRICS, PLAN_WINDOWS } from "../complaints/vocabulary/terms";
import { isCategory } from "../complaints/vocabulary/taxonomy";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { shanghaiDayStart, shanghaiToday } from "../shanghai-day";
import { isCalendarDay } from "../validation";

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max).optional(),
  );

export const planSchema = z.object({
  // What will be done, e.g. "换榴莲供应商" or "南京走冷链".
  action: z.string().trim().min(2).max(200),
  ownerId: z.string().uuid(),
  // Required: a plan whose effect is not measured is a wish.
  metric: z.preprocess((v) => v ?? "", z.string().min(1).pipe(z.enum(PLAN_METRICS))),
  category: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().refine(isCategory, "unknown_category").optional(),
  ),
  region: optionalText(40),
  windowDays: z.coerce
    .number()
    .refine((n) => (PLAN_WINDOWS as readonly number[]).includes(n), "plan_window")
    .transform((n) => n as (typeof PLAN_WINDOWS)[number]),
  dueDay: z.string().refine(isCalendarDay, "date"),
  // The weekly report and the rank (1–3) of the top problem it answers, when made from one.
  reportId: z.preprocess((v) => (v === "" ? undefined : v), z.string().uuid().optional()),
  reportRank: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(3).optional()),
  // One per form shown (a double submit or a retry records one plan).
  submissionId: z.string().uuid().optional(),
});
export type PlanInput = z.output<typeof planSchema>;

/**
 * Records a plan (audited `plan.created`). Refused before anything is written: a due date before
 * today (Shanghai), an owner who is not an active staff member, a report that does not exist.
 */
export async function createPlan({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: PlanInput;
  now?: Date;
}) {
  assertCan(actor, "plans.manage");
  if (input.dueDay < shanghaiToday(now))
    throw new AppError("validation_failed", { fields: [{ path: "dueDay", code: "plan_due_past" }] });
  const repeat = async () =>
    input.submissionId
      ? db.improvementPlan.findUnique({ where: { submissionId: input.submissionId }, select: { id: true } })
      : null;
  const earlier = await repeat();
  if (earlier) return earlier;
  return db
    .$transaction(async (tx) => {
      const owner = await tx.staffUser.findFirst({ where: { id: input.ownerId, active: true }, select: { id: true } });
      if (!owner) throw new AppError("validation_failed", { fields: [{ path: "ownerId", code: "plan_owner" }] });
      if (input.reportId && !(await tx.report.findUnique({ where: { id: input.reportId }, select: { id: true } })))
        throw new AppError("validation_failed", { fields: [{ path: "reportId", code: "invalid" }] });
      const { dueDay, ...fields } = input;
      const plan = await tx.improvementPlan.create({
        data: { ...fields, dueAt: shanghaiDayStart(dueDay), createdById: actor.id, createdAt: now },
        select: { id: true },
      });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: "plan.created",
          target: { type: "improvement_plan", id: plan.id },
          after: { ...input },
        },
      });
      return plan;
    })
    .catch(async (error: unknown) => {
      // The same submission racing itself: the unique id lets one in; the other answers with it.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        const made = await repeat();
        if (made) return made;
      }
      throw error;
    });
}

const LISTED = {
  id: true,
  action: true,
  metric: true,
  category: true,
  region: true,
  windowDays: true,
  dueAt: true,
  createdAt: true,
  verifiedAt: true,
  result: true,
  reportRank: true,
  report: { select: { periodStart: true } },
  owner: { select: { name: true } },
  createdBy: { select: { name: true } },
} as const;

/** Plans, the ones still open first (soonest due), then those with a result (newest first). */
export async function listPlans({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.plans");
  const [open, verified] = await Promise.all([
    db.improvementPlan.findMany({ where: { verifiedAt: null }, orderBy: { dueAt: "asc" }, take: 100, select: LISTED }),
    db.improvementPlan.findMany({
      where: { verifiedAt: { not: null } },
      orderBy: { verifiedAt: "desc" },
      take: 50,
      select: LISTED,
    }),
  ]);
  return [...open, ...verified];
}

export async function getPlan({ db, actor, planId }: { db: Db; actor: StaffActor; planId: string }) {
  assertCan(actor, "page.plans");
  const plan = await db.improvementPlan.findUnique({ where: { id: planId }, select: LISTED });
  if (!plan) throw new AppError("not_found");
  return plan;
}
