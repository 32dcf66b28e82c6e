import { assertCan, type StaffActor } from "../auth/staff-actor";
import { EXPERIMENT_METRICS, type ExperimentMetric } from "../complaints/vocabulary/terms";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { offerSchema } from "../triage/handling-rules";
import { slaArmSchema } from "./intake-variants";
import {
  compareMeans,
  compareRates,
  meanSummary,
  rateSummary,
  type ArmSummary,
  type Comparison,
  type Moments,
} from "./experiment-stats";

/** Per arm, every metric's raw material, from one query over the exposed complaints. */
type ArmRow = {
  arm: string;
  exposed: number;
  csat_n: number;
  csat_mean: number | null;
  csat_var: number | null;
  hours_n: number;
  hours_mean: number | null;
  hours_var: number | null;
  yuan_mean: number | null;
  yuan_var: number | null;
  resolved: number;
  reopened: number;
  churned: number;
  /** H5 form experiments: customers who filed a complaint from the H5 after their view. */
  completed: number;
};

/**
 * Each exposed customer once, by the complaint of their first exposure (the unit assigned is the
 * customer: several complaints of one customer would count one choice several times): its survey score, hours to
 * resolution, compensation in yuan (refunds and coupons granted, failed refunds excluded; points
 * are not money), and whether it was resolved and then reopened (by staff, or by the customer
 * rejecting the resolution), and whether the customer got a churn warning after the exposure.
 * Aggregated in the database, so the page costs the same at any size.
 */
async function armRows(db: Db, experimentId: string): Promise<ArmRow[]> {
  return db.$queryRaw<ArmRow[]>`
    WITH exposed AS (
      SELECT e.arm, c.csat,
        EXTRACT(EPOCH FROM (c.resolved_at - c.created_at)) / 3600.0 AS hours,
        (SELECT COALESCE(SUM(p.amount), 0) FROM compensations p
          WHERE p.complaint_id = c.id AND p.type IN ('refund', 'coupon') AND p.status <> 'failed')::float8 AS yuan,
        EXISTS (SELECT 1 FROM complaint_events v WHERE v.complaint_id = c.id AND v.kind = 'resolved') AS was_resolved,
        EXISTS (SELECT 1 FROM complaint_events v
          WHERE v.complaint_id = c.id AND v.kind IN ('reopened', 'resolution_rejected')) AS was_reopened,
        EXISTS (SELECT 1 FROM callback_tasks t
          WHERE t.customer_id = e.customer_id AND t.reason = 'churn_warning' AND t.created_at >= e.exposed_at) AS churned
      FROM (
        -- Customers are what is assigned: each counts once, by their first exposure.
        SELECT DISTINCT ON (x.customer_id) x.* FROM experiment_exposures x
        WHERE x.experiment_id = ${experimentId}::uuid ORDER BY x.customer_id, x.exposed_at, x.id
      ) e JOIN complaints c ON c.id = e.complaint_id
    )
    SELECT arm, COUNT(*)::int AS exposed,
      COUNT(csat)::int AS csat_n, AVG(csat)::float8 AS csat_mean, VAR_SAMP(csat)::float8 AS csat_var,
      COUNT(hours)::int AS hours_n, AVG(hours)::float8 AS hours_mean, VAR_SAMP(hours)::float8 AS hours_var,
      AVG(yuan)::float8 AS yuan_mean, VAR_SAMP(yuan)::float8 AS yuan_var,
      COUNT(*) FILTER (WHERE was_resolved)::int AS resolved,
      COUNT(*) FILTER (WHERE was_resolved AND was_reopened)::int AS reopened,
      COUNT(*) FILTER (WHERE churned)::int AS churned, 0 AS completed
    FROM exposed GROUP BY arm`;
}

/**
 * An H5 form experiment's arms: the customers who saw the form (their first view), and those of
 * them who then filed a complaint from the H5 — views → submissions, seed 001's completion rate.
 */
async function formRows(db: Db, experimentId: string): Promise<ArmRow[]> {
  const rows = await db.$queryRaw<{ arm: string; exposed: number; completed: number }[]>`
    SELECT v.arm, COUNT(*)::int AS exposed,
      COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM complaints c
        WHERE c.customer_id = v.customer_id AND c.source = 'h5' AND c.created_at >= v.viewed_at))::int AS completed
    FROM experiment_views v WHERE v.experiment_id = ${experimentId}::uuid GROUP BY v.arm`;
  return rows.map((row) => ({
    ...row,
    csat_n: 0,
    csat_mean: null,
    csat_var: null,
    hours_n: 0,
    hours_mean: null,
    hours_var: null,
    yuan_mean: null,
    yuan_var: null,
    resolved: 0,
    reopened: 0,
    churned: 0,
  }));
}

type Measure = { kind: "rate"; successes: number; n: number } | { kind: "mean"; moments: Moments };

function measure(metric: ExperimentMetric, row: ArmRow | undefined): Measure {
  const moments = (n: number, mean: number | null, variance: number | null): Measure => ({
    kind: "mean",
    moments: { n, mean: mean ?? Number.NaN, variance: variance ?? Number.NaN },
  });
  switch (metric) {
    case "reopen_rate":
      return { kind: "rate", successes: row?.reopened ?? 0, n: row?.resolved ?? 0 };
    case "churn_warnings":
      return { kind: "rate", successes: row?.churned ?? 0, n: row?.exposed ?? 0 };
    case "form_completion":
      return { kind: "rate", successes: row?.completed ?? 0, n: row?.exposed ?? 0 };
    case "csat":
      return moments(row?.csat_n ?? 0, row?.csat_mean ?? null, row?.csat_var ?? null);
    case "resolution_hours":
      return moments(row?.hours_n ?? 0, row?.hours_mean ?? null, row?.hours_var ?? null);
    case "compensation_yuan":
      return moments(row?.exposed ?? 0, row?.yuan_mean ?? null, row?.yuan_var ?? null);
  }
}

function summarise(m: Measure): ArmSummary {
  return m.kind === "rate" ? rateSummary(m) : meanSummary(m.moments);
}

function compare(control: Measure, variant: Measure): Comparison | null {
  if (control.kind === "rate" && variant.kind === "rate") return compareRates({ a: control, b: variant });
  if (control.kind === "mean" && variant.kind === "mean")
    return compareMeans({ a: control.moments, b: variant.moments });
  return null;
}

/**
 * An experiment's results: per arm the complaints exposed, the metric's n, value and 95 % interval,
 * and for each variant its difference from the control with the test's p-value (z-test for rates,
 * Welch's t for means). `tooSmall` while any arm's n is under the experiment's minimum: the
 * numbers are shown, but no winner should be read from them yet.
 */
export async function experimentResults({
  db,
  actor,
  experimentId,
}: {
  db: Db;
  actor: StaffActor;
  experimentId: string;
}) {
  assertCan(actor, "page.experiments");
  const experiment = await db.experiment.findUnique({
    where: { id: experimentId },
    include: { arms: { orderBy: { key: "asc" } }, createdBy: { select: { name: true } } },
  });
  if (!experiment) throw new AppError("not_found");
  const metric = experiment.metric as ExperimentMetric;
  const rows = experiment.variable === "h5_form" ? await formRows(db, experimentId) : await armRows(db, experimentId);
  const measures = experiment.arms.map((arm) => ({
    arm,
    exposed: rows.find((r) => r.arm === arm.key)?.exposed ?? 0,
    measure: measure(
      metric,
      rows.find((r) => r.arm === arm.key),
    ),
  }));
  const control = measures.find((m) => m.arm.control);
  const arms = measures.map(({ arm, exposed, measure: m }) => ({
    key: arm.key,
    control: arm.control,
    bodies: arm.bodies as Record<string, string>,
    offer: arm.offer ? (offerSchema.safeParse(arm.offer).data ?? null) : null,
    form: arm.form,
    sla: arm.sla ? (slaArmSchema.safeParse(arm.sla).data ?? null) : null,
    exposed,
    summary: summarise(m),
    comparison: control && !arm.control ? compare(control.measure, m) : null,
  }));
  return {
    experiment,
    metricKind: EXPERIMENT_METRICS[metric],
    arms,
    tooSmall: arms.some((a) => a.summary.n < experiment.minSamplePerArm),
  };
}
