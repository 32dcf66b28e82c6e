import type { Db } from "../db-client";
import type { PlanMetric } from "../complaints/vocabulary/terms";
import { Prisma } from "../generated/prisma/client";
import { compareMeans, compareRates, type Comparison } from "../experiments/experiment-stats";
import { addDays, shanghaiDayStart, shanghaiToday } from "../shanghai-day";

/** A window as the queue's date filter reads it: first and last Shanghai day, both included. */
export type PlanWindow = { from: string; to: string };

type PlanTiming = { createdAt: Date; dueAt: Date; windowDays: number };

/**
 * Comparable windows of the same length in whole weeks: the `windowDays` before the day the plan
 * was made (as things were), and the `windowDays` from its due day on (once the action is done).
 */
export function planWindows({ createdAt, dueAt, windowDays }: PlanTiming): { before: PlanWindow; after: PlanWindow } {
  const made = shanghaiToday(createdAt);
  const due = shanghaiToday(dueAt);
  return {
    before: { from: addDays(made, -windowDays), to: addDays(made, -1) },
    after: { from: due, to: addDays(due, windowDays - 1) },
  };
}

/**
 * How long a complaint is given to be breached or answered before it is counted: the same in both
 * windows, so the after window (measured soon after it ends) is not flattered by complaints whose
 * deadlines and surveys had not come yet, against a before window long matured.
 */
const MATURITY_DAYS = 7;

/** When the after window is over and its complaints have matured: the result is in. */
export function resultDueAt(plan: PlanTiming): Date {
  return shanghaiDayStart(planWindows(plan).after.to, 1 + MATURITY_DAYS);
}

export type PlanScope = { category: string | null; region: string | null };

export type WindowMeasure = {
  complaints: number;
  orders: number;
  /** Complaints per 1 000 orders placed in the window (in the region when the scope has one). */
  ratePer1000: number | null;
  breaches: number;
  csat: { n: number; mean: number | null; variance: number | null };
};

/**
 * One window's numbers for a scope: complaints filed in it (category and region as filed, as the
 * queue filters them), orders placed in it (region only: a category belongs to complaints), and
 * among those complaints the SLA breaches and CSAT answers that came within 7 days of filing.
 */
async function measureWindow({
  db,
  scope,
  window,
}: {
  db: Db;
  scope: PlanScope;
  window: PlanWindow;
}): Promise<WindowMeasure> {
  const [start, end] = [shanghaiDayStart(window.from), shanghaiDayStart(window.to, 1)];
  const complaintWhere = [
    Prisma.sql`c.created_at >= ${start}`,
    Prisma.sql`c.created_at < ${end}`,
    ...(scope.category ? [Prisma.sql`c.category = ${scope.category}`] : []),
    ...(scope.region ? [Prisma.sql`c.region = ${scope.region}`] : []),
  ];
  const orderWhere = [
    Prisma.sql`placed_at >= ${start}`,
    Prisma.sql`placed_at < ${end}`,
    ...(scope.region ? [Prisma.sql`region = ${scope.region}`] : []),
  ];
  const [[complaints], [orders]] = await Promise.all([
    db.$queryRaw<{ complaints: number; breaches: number; n: number; mean: number | null; variance: number | null }[]>`
      SELECT count(*)::int AS complaints,
        count(*) FILTER (WHERE c.sla_breached_at < c.created_at + make_interval(days => ${MATURITY_DAYS}))::int AS breaches,
        count(s.csat)::int AS n, avg(s.csat)::float8 AS mean, var_samp(s.csat)::float8 AS variance
      FROM complaints c LEFT JOIN survey_responses s
        ON s.complaint_id = c.id AND s.created_at < c.created_at + make_interval(days => ${MATURITY_DAYS})
      WHERE ${Prisma.join(complaintWhere, " AND ")}`,
    db.$queryRaw<{ orders: number }[]>`
      SELECT count(*)::int AS orders FROM orders WHERE ${Prisma.join(orderWhere, " AND ")}`,
  ]);
  return {
    complaints: complaints!.complaints,
    orders: orders!.orders,
    ratePer1000: orders!.orders ? (complaints!.complaints / orders!.orders) * 1000 : null,
    breaches: complaints!.breaches,
    csat: { n: complaints!.n, mean: complaints!.mean, variance: complaints!.variance },
  };
}

type Verdict = "improved" | "worse" | "unchanged" | "no_data";

/**
 * The primary metric after against before: the complaint rate and the breach share by the
 * two-proportion z-test, CSAT by Welch's t. Improved or worse only when significant (p < 0.05)
 * in that direction: fewer complaints per order, fewer breaches, higher CSAT.
 */
function judge({ metric, before, after }: { metric: PlanMetric; before: WindowMeasure; after: WindowMeasure }) {
  const moments = (m: WindowMeasure) => ({
    n: m.csat.n,
    mean: m.csat.mean ?? Number.NaN,
    variance: m.csat.variance ?? Number.NaN,
  });
  const comparison: Comparison | null =
    metric === "complaint_rate"
      ? compareRates({
          a: { successes: before.complaints, n: before.orders },
          b: { successes: after.complaints, n: after.orders },
        })
      : metric === "sla_breaches"
        ? compareRates({
            a: { successes: before.breaches, n: before.complaints },
            b: { successes: after.breaches, n: after.complaints },
          })
        : compareMeans({ a: moments(before), b: moments(after) });
  if (!comparison) return { comparison, verdict: "no_data" as Verdict };
  const better = metric === "csat" ? comparison.difference > 0 : comparison.difference < 0;
  const verdict: Verdict = !comparison.significant ? "unchanged" : better ? "improved" : "worse";
  return { comparison, verdict };
}

export type PlanResult = {
  windows: { before: PlanWindow; after: PlanWindow };
  before: WindowMeasure;
  /** Null until the after window has begun. */
  after: WindowMeasure | null;
  /** The after window is over: the numbers are final. */
  complete: boolean;
  comparison: Comparison | null;
  verdict: Verdict | null;
};

/** A plan's before and after for its scope, as they stand at `now`. */
export async function planResult({
  db,
  plan,
  now = new Date(),
}: {
  db: Db;
  plan: PlanTiming & PlanScope & { metric: PlanMetric };
  now?: Date;
}): Promise<PlanResult> {
  const windows = planWindows(plan);
  const started = now >= shanghaiDayStart(windows.after.from);
  const [before, after] = await Promise.all([
    measureWindow({ db, scope: plan, window: windows.before }),
    started ? measureWindow({ db, scope: plan, window: windows.after }) : Promise.resolve(null),
  ]);
  const judged = after ? judge({ metric: plan.metric, before, after }) : null;
  return {
    windows,
    before,
    after,
    complete: now >= resultDueAt(plan),
    comparison: judged?.comparison ?? null,
    verdict: judged?.verdict ?? null,
  };
}
