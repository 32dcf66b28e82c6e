import { assertCan, type StaffActor } from "../auth/staff-actor";
import { CALLBACK_OUTCOMES } from "../complaints/vocabulary/terms";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { shanghaiDayStart } from "../shanghai-day";
import type { PlanScope, PlanWindow } from "./plan-results";

/**
 * What the callbacks said about a plan's scope (issue 16, point 5: the monthly calls feed the
 * plans): calls made from the start of the before window until the end of the after window, about
 * complaints in the scope (any call, for a plan on everything) — how each went, and the
 * customers' suggestions in their words.
 */
export async function planCallbacks({
  db,
  actor,
  scope,
  windows,
}: {
  db: Db;
  actor: StaffActor;
  scope: PlanScope;
  windows: { before: PlanWindow; after: PlanWindow };
}) {
  assertCan(actor, "page.plans");
  const where = [
    Prisma.sql`t.status = 'done'`,
    Prisma.sql`t.done_at >= ${shanghaiDayStart(windows.before.from)}`,
    Prisma.sql`t.done_at < ${shanghaiDayStart(windows.after.to, 1)}`,
    ...(scope.category ? [Prisma.sql`c.category = ${scope.category}`] : []),
    ...(scope.region ? [Prisma.sql`c.region = ${scope.region}`] : []),
  ];
  const from = Prisma.sql`FROM callback_tasks t LEFT JOIN complaints c ON c.id = t.complaint_id
    WHERE ${Prisma.join(where, " AND ")}`;
  const [counts, suggestions] = await Promise.all([
    db.$queryRaw<{ outcome: string | null; count: number }[]>`
      SELECT t.outcome, count(*)::int AS count ${from} GROUP BY t.outcome`,
    db.$queryRaw<{ suggestion: string; outcome: string | null; doneAt: Date }[]>`
      SELECT t.suggestion, t.outcome, t.done_at AS "doneAt" ${from} AND t.suggestion IS NOT NULL
      ORDER BY t.done_at DESC LIMIT 10`,
  ]);
  return {
    calls: counts.reduce((sum, row) => sum + row.count, 0),
    outcomes: CALLBACK_OUTCOMES.map((outcome) => ({
      outcome,
      count: counts.find((row) => row.outcome === outcome)?.count ?? 0,
    })),
    suggestions,
  };
}
