import type pg from "pg";
import { complaintWriteSql, poolRunner, runComplaintWrite, type IntakeRows } from "./intake-statement";

/**
 * A complaint a rule refunds at once, filed in one statement like any other complaint
 * (intake-statement.ts) instead of a transaction of more than a dozen round trips: under load
 * those round trips each waited their turn on a busy event loop, and these complaints made most
 * of intake's p99 (issue 14, point 1).
 *
 * The refund is decided in code before the statement, from the ledger the context read saw. The
 * statement takes the order's ledger lock first (kesu_lock_order_ledger: the lock every
 * compensation writer takes, then a read that sees every refund committed before the lock was
 * granted) and writes only if the ledger is still what the decision assumed: same status and
 * amount, nothing refunded, no automatic refund yet. Otherwise it writes nothing and answers
 * `stale`, and the caller decides again under the lock in a transaction, as before.
 */
const REFUND_SQL = complaintWriteSql({
  before: `
ledger AS (SELECT l.* FROM p, kesu_lock_order_ledger((p.j->'complaint'->>'order_id')::uuid) l),
fresh AS (
  SELECT 1 FROM ledger l, p
  WHERE l.status::text = p.j->'ledger'->>'status' AND l.amount_enc IS NOT DISTINCT FROM p.j->'ledger'->>'amount_enc'
    AND l.legacy_amount IS NOT DISTINCT FROM p.j->'ledger'->>'legacy_amount' AND l.refunded = 0 AND NOT l.auto_refunded
),`,
  gate: ", fresh",
  // No ON CONFLICT: the ledger said no automatic refund exists and its lock is held, so a
  // conflict would be a broken invariant, and it fails the statement rather than file the
  // complaint as refunded without the refund.
  after: `,
comp AS (
  INSERT INTO compensations (id, complaint_id, order_id, type, amount, status, idempotency_key, created_at, updated_at)
  SELECT m.id, c.id, m.order_id, m.type, m.amount, m.status, m.idempotency_key, m.created_at, m.created_at
  FROM c, p, jsonb_populate_record(NULL::compensations, p.j->'compensation') m
)`,
  answer: ` EXISTS (SELECT 1 FROM fresh) AS fresh,`,
});

/** What the refund was decided on: the order as the context read saw it (nothing refunded yet). */
type DecidedLedger = { status: string; amount_enc: string | null; legacy_amount: string | null };

export type RefundedIntakeRows = IntakeRows & {
  ledger: DecidedLedger;
  /** The compensation's columns (its complaint is the statement's). */
  compensation: Record<string, unknown>;
};

/**
 * Files the complaint with its refund, resolved, in one statement (its own transaction):
 * `written`; `taken` when its idempotency key was (nothing written, the caller answers the first
 * complaint); `stale` when the ledger moved since the decision (nothing written).
 */
export async function writeRefundedIntake({
  pool,
  rows,
}: {
  pool: pg.Pool;
  rows: RefundedIntakeRows;
}): Promise<"written" | "taken" | "stale"> {
  const [result] = await runComplaintWrite({
    run: poolRunner(pool),
    sql: REFUND_SQL,
    name: "kesu_intake_refund",
    rows,
  });
  if (!result?.fresh) return "stale";
  return result.id != null ? "written" : "taken";
}
