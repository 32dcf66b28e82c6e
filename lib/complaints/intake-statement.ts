import type pg from "pg";
import { QUERY_TIMEOUT_MS } from "../db-statement-group";
import { auditData, type AuditEntry } from "../audit/record-audit";
import { AppError } from "../errors";
import { outboxRows, type OutboxEntry } from "../outbox/enqueue-event";
import type { timelineRows } from "./vocabulary/timeline-events";

/**
 * Intake's hot path in two round trips, sent through the `pg` pool under the Prisma client: one
 * query reads everything triage and routing need (intake-context.ts), one statement writes
 * everything a complaint is made of (here). A CPU profile put two thirds of intake in Prisma's
 * client and query compiler (bench/intake-profile.json); these two statements are the whole of a
 * complaint. Under load the write goes through the group commit of intake-batch.ts (several complaints
 * per statement); a complaint a rule refunds adds its ledger lock and refund to this statement
 * (intake-refund.ts); a rule's offer runs it inside a Prisma transaction.
 */

/** Column-named rows (the statement populates each table's record type from them). */
export type IntakeRows = {
  complaint: Record<string, unknown> & { id: string; idempotency_key: string | null };
  /** The photos to attach, in order, and whose they must be (null: not yet anyone's — shop uploads). */
  imageIds: string[];
  imageOwner: string | null;
  /** A rating's photos go only to that rating's complaint. */
  imageRating: string | null;
  events: Record<string, unknown>[];
  /** In the order they happened (the audit log's ids keep it). */
  audits: Record<string, unknown>[];
  outbox: Record<string, unknown>[];
  /** Experiments the complaint met at intake (an SLA policy's arm), written with it. */
  exposures: Record<string, unknown>[];
};

/** A timeline row (timelineRows') under its column names. */
export function eventColumns(e: ReturnType<typeof timelineRows>[number]) {
  return {
    at: e.at,
    actor_type: e.actorType,
    actor_id: e.actorId,
    kind: e.kind,
    customer_visible: e.customerVisible,
    payload: e.payload,
  };
}

/** An audit entry's row under its column names. */
export function auditColumns(entry: AuditEntry) {
  const row = auditData(entry);
  return {
    actor_type: row.actorType,
    actor_id: row.actorId,
    actor_label: row.actorLabel,
    action: row.action,
    target_type: row.targetType,
    target_id: row.targetId,
    before: row.before,
    after: row.after,
    ip: row.ip,
  };
}

/** A compensation's row under its column names (its complaint is the statement's). */
export function compensationColumns(c: {
  id: string;
  orderId: string;
  type: string;
  amount: string;
  status: string;
  idempotencyKey: string;
  createdAt: Date;
}) {
  return {
    id: c.id,
    order_id: c.orderId,
    type: c.type,
    amount: c.amount,
    status: c.status,
    idempotency_key: c.idempotencyKey,
    created_at: c.createdAt,
  };
}

/** Outbox events' rows under their column names, each checked against its schema (outboxRows). */
export function outboxColumns(events: OutboxEntry[]) {
  return outboxRows(events).map((event) => ({ name: event.name, aggregate_id: event.aggregateId, data: event.data }));
}

/**
 * The complaint's insert from a populated `complaints` record `r` (followed by its FROM): shared
 * by this statement and the group commit's (intake-batch.ts).
 */
export const INSERT_COMPLAINT = `INSERT INTO complaints (id, order_id, customer_id, category, description, contact_enc, status, version,
    priority, urgency_score, urgency_reasons, emotion, emotion_intensity, group_id, source, idempotency_key, request_hash,
    first_response_due_at, resolution_due_at, first_responded_at, resolved_at, sla_due_at, sla_paused_at, search_terms,
    keywords, created_at, updated_at)
  SELECT r.id, r.order_id, r.customer_id, r.category, r.description, r.contact_enc, r.status, r.version, r.priority,
    r.urgency_score, r.urgency_reasons, r.emotion, r.emotion_intensity, r.group_id, r.source, r.idempotency_key,
    r.request_hash, r.first_response_due_at, r.resolution_due_at, r.first_responded_at, r.resolved_at, r.sla_due_at,
    r.sla_paused_at, r.search_terms, r.keywords, r.created_at, r.created_at`;

/**
 * One complaint's statement. Every part reads `c`: when the idempotency key is taken, nothing is
 * inserted at all and the caller answers the first complaint. A photo that cannot be attached
 * refuses the whole statement. `gate` names CTEs (defined in `before`) the complaint's insert
 * also reads: when they hold no row, nothing is written either (intake-refund.ts's ledger check);
 * `after` adds CTEs that read `c`, `answer` columns to the result.
 */
export function complaintWriteSql({ before = "", gate = "", after = "", answer = "" } = {}) {
  return `
WITH p AS (SELECT $1::jsonb AS j),${before}
c AS (
  ${INSERT_COMPLAINT}
  FROM p${gate}, jsonb_populate_record(NULL::complaints, p.j->'complaint') r
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id
),
img AS (
  UPDATE uploads u SET complaint_id = c.id, customer_id = (p.j->'complaint'->>'customer_id')::uuid, position = (x.n - 1)::int
  FROM c, p, jsonb_array_elements_text(p.j->'imageIds') WITH ORDINALITY x(id, n)
  WHERE u.id = x.id::uuid AND u.complaint_id IS NULL AND u.customer_id IS NOT DISTINCT FROM (p.j->>'imageOwner')::uuid
    AND (u.rating_id IS NULL OR u.rating_id = (p.j->>'imageRating')::uuid)
  RETURNING u.id
),
ev AS (
  INSERT INTO complaint_events (complaint_id, at, actor_type, actor_id, kind, customer_visible, payload)
  SELECT c.id, e.at, e.actor_type, e.actor_id, e.kind, e.customer_visible, e.payload
  FROM c, p, jsonb_populate_recordset(NULL::complaint_events, p.j->'events') WITH ORDINALITY e
  ORDER BY e.ordinality
),
au AS (
  INSERT INTO audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, ip)
  SELECT a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.before, a.after, a.ip
  FROM c, p, jsonb_populate_recordset(NULL::audit_log, p.j->'audits') WITH ORDINALITY a
  ORDER BY a.ordinality
),
ob AS (
  INSERT INTO outbox_events (name, aggregate_id, data)
  SELECT o.name, o.aggregate_id, o.data
  FROM c, p, jsonb_populate_recordset(NULL::outbox_events, p.j->'outbox') WITH ORDINALITY o
  ORDER BY o.ordinality
),
ex AS (
  INSERT INTO experiment_exposures (experiment_id, arm, customer_id, complaint_id, exposed_at)
  SELECT x.experiment_id, x.arm, x.customer_id, c.id, x.exposed_at
  FROM c, p, jsonb_populate_recordset(NULL::experiment_exposures, p.j->'exposures') x
)${after}
SELECT (SELECT id FROM c) AS id,${answer}
  -- CASE, not OR: PostgreSQL does not promise to evaluate OR's operands in order. The statement's
  -- snapshot still shows the uploads as they were before it, which says why one could not be taken.
  CASE WHEN NOT EXISTS (SELECT 1 FROM c) OR (SELECT count(*) FROM img) = jsonb_array_length((SELECT j FROM p)->'imageIds')
    THEN true
    ELSE kesu_refuse(CASE WHEN EXISTS (
      SELECT 1 FROM uploads u, p WHERE u.id IN (SELECT x::uuid FROM jsonb_array_elements_text(p.j->'imageIds') x)
        AND (u.complaint_id IS NOT NULL OR u.rating_id IS DISTINCT FROM (p.j->>'imageRating')::uuid))
      THEN 'upload_in_use' ELSE 'upload_not_found' END)
  END AS ok`;
}

const WRITE_SQL = complaintWriteSql();

/**
 * A statement runner: the pool (a statement is its own transaction) or an open Prisma transaction.
 * `name` prepares the statement once per pooled connection, so PostgreSQL does not parse the
 * write's CTE chain again on every intake.
 */
export type RunSql = (sql: string, parameters: unknown[], name?: string) => Promise<Record<string, unknown>[]>;

export function poolRunner(pool: pg.Pool): RunSql {
  return async (sql, parameters, name) =>
    (await pool.query({ name, text: sql, values: parameters, query_timeout: QUERY_TIMEOUT_MS } as pg.QueryConfig)).rows;
}

/**
 * Writes the complaint, its photos, timeline, audit entry and outbox events in one statement.
 * Answers false when the idempotency key was taken (nothing written). A photo that is not the
 * caller's, or is already attached, fails the statement, named (`upload_in_use` / `upload_not_found`).
 */
export async function writeIntakeRows({ run, rows }: { run: RunSql; rows: IntakeRows }): Promise<boolean> {
  const [result] = await runComplaintWrite({ run, sql: WRITE_SQL, name: "kesu_intake_write", rows });
  return result?.id != null;
}

/** Runs a statement of complaintWriteSql's, a refused photo thrown as its AppError. */
export async function runComplaintWrite({
  run,
  sql,
  name,
  rows,
}: {
  run: RunSql;
  sql: string;
  name: string;
  rows: unknown;
}): Promise<Record<string, unknown>[]> {
  try {
    return await run(sql, [JSON.stringify(rows)], name);
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) throw new AppError(refusal);
    throw error;
  }
}

// From pg directly the SQLSTATE is on the error; through Prisma's raw query, on the adapter's
// error in its meta (the message carries the refusal's name either way).
function refusalOf(error: unknown): "upload_in_use" | "upload_not_found" | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, message, meta } = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  };
  const cause = meta?.driverAdapterError?.cause;
  const refused = code === "KS409" || cause?.originalCode === "KS409" || cause?.code === "KS409";
  if (!refused || typeof message !== "string") return null;
  return message.includes("upload_in_use") ? "upload_in_use" : "upload_not_found";
}
