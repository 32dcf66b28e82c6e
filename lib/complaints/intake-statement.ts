import type pg from "pg";
import { AppError } from "../errors";
import type { CustomerTier, OrderStatus, Priority } from "../generated/prisma/enums";
import type { FaqCandidate } from "../knowledge/suggest-faq";
import type { SlaPolicyMinutes } from "../sla/sla-deadlines";
import type { IntakeExperiment } from "../experiments/intake-variants";
import { HISTORY_DAYS } from "../triage/handling-rules";
import { VIP_GROUP_CODE } from "./vocabulary/handling-groups";
import type { HitCounts, PendingHit } from "../rate-limit/consume-rate-limit";
import { assertHitsAllowed, hitParameters, HITS_COLUMN, hitsCte } from "../rate-limit/hits-in-statement";

/**
 * Intake's hot path in two round trips, sent through the `pg` pool under the Prisma client: one
 * query reads everything triage and routing need, one statement writes everything a complaint is
 * made of. A CPU profile put two thirds of intake in Prisma's client and query compiler
 * (bench/intake-profile.json); these two statements are the whole of a complaint without an
 * automatic refund. The refund path runs the same statement inside its Prisma transaction; under
 * load the write goes through the group commit of intake-batch.ts (several complaints per statement).
 */

type GroupRef = { id: string; code: string };

export type IntakeContext = {
  order: {
    id: string;
    orderNo: string;
    status: OrderStatus;
    amountEnc: string | null;
    legacyAmount: string | null;
    customerId: string;
    deliveredAt: Date | null;
    region: string;
  };
  customer: { tier: CustomerTier; locale: string; name: string };
  /** What the handling rules may read of the customer's history (lib/triage/handling-rules.ts). */
  history: { recentComplaints: number; lastCsat: number | null; repeatContact: boolean };
  /** An automatic refund was already granted on this order (one per order, ever). */
  autoRefunded: boolean;
  /** Routing: the group each category goes to, the VIP line, and every group by code (for the rules). */
  groups: {
    byCategory: Partial<Record<string, GroupRef>>;
    vip: GroupRef | null;
    byCode: Partial<Record<string, GroupRef>>;
  };
  policies: Partial<Record<Priority, SlaPolicyMinutes>>;
  /** The `vip_channel` setting as stored (null: never saved, the defaults apply). */
  vipChannel: unknown;
  /** The handling rules in force, as stored (lib/triage/handling-rules.ts). */
  rules: { version: number; rules: unknown } | null;
  /** Running experiments intake applies: the rules' offers, the SLA policies (lib/experiments/intake-variants.ts). */
  experiments: IntakeExperiment[];
  faq: FaqCandidate[];
};

// $1 order number, $2 with FAQ, $3 now, $4 the idempotency key (or null), $5–$9 the rate-limit
// hits, $10 whether a repeat of an answered request leaves them uncounted.
const CONTEXT_SQL = `
WITH ${hitsCte({ first: 5, countUnless: "$10 AND EXISTS (SELECT 1 FROM complaints k WHERE k.idempotency_key = $4)" })}
SELECT ${HITS_COLUMN} AS "rateLimits",
  (SELECT json_build_object('id', k.id, 'requestHash', k.request_hash) FROM complaints k WHERE k.idempotency_key = $4) AS replay,
  ctx.*
FROM (SELECT 1) one LEFT JOIN LATERAL (
SELECT o.id, o.order_no AS "orderNo", o.status, o.amount_enc AS "amountEnc", o.legacy_amount::text AS "legacyAmount",
  o.customer_id AS "customerId", o.delivered_at AS "deliveredAt", o.region, cu.tier, cu.locale, cu.name,
  (SELECT count(*)::int FROM complaints e
    WHERE e.customer_id = o.customer_id AND e.created_at > $3::timestamptz - interval '${HISTORY_DAYS} days') AS "recentComplaints",
  (SELECT s.csat FROM survey_responses s WHERE s.customer_id = o.customer_id ORDER BY s.created_at DESC LIMIT 1) AS "lastCsat",
  EXISTS (SELECT 1 FROM complaints e WHERE e.customer_id = o.customer_id
    AND (e.order_id = o.id OR e.created_at > $3::timestamptz - interval '7 days')) AS "repeatContact",
  EXISTS (SELECT 1 FROM compensations m WHERE m.idempotency_key = 'auto-refund:order:' || o.id::text) AS "autoRefunded",
  json_build_object(
    'byCategory', (SELECT coalesce(json_object_agg(r.category, json_build_object('id', g.id, 'code', g.code)), '{}')
      FROM handling_groups g CROSS JOIN unnest(g.categories) AS r(category)),
    'vip', (SELECT json_build_object('id', g.id, 'code', g.code) FROM handling_groups g WHERE g.code = '${VIP_GROUP_CODE}'),
    'byCode', (SELECT coalesce(json_object_agg(g.code, json_build_object('id', g.id, 'code', g.code)), '{}') FROM handling_groups g)
  ) AS groups,
  (SELECT coalesce(json_object_agg(s.priority, json_build_object(
      'firstResponseMinutes', s.first_response_minutes, 'resolutionPlanMinutes', s.resolution_plan_minutes,
      'businessStartMinute', s.business_start_minute, 'businessEndMinute', s.business_end_minute)), '{}')
    FROM sla_policies s) AS policies,
  (SELECT a.value FROM app_settings a WHERE a.key = 'vip_channel') AS "vipChannel",
  (SELECT json_build_object('version', h.version, 'rules', h.rules) FROM handling_rule_versions h
    WHERE h.activated_at IS NOT NULL ORDER BY h.version DESC LIMIT 1) AS rules,
  (SELECT coalesce(json_agg(json_build_object('id', x.id, 'variable', x.variable, 'target', x.target,
      'sharePercent', x.share_percent, 'tiers', x.tiers, 'regions', x.regions, 'categories', x.categories,
      'arms', (SELECT json_agg(json_build_object('key', a.key, 'control', a.control, 'offer', a.offer, 'sla', a.sla)
        ORDER BY a.key) FROM experiment_arms a WHERE a.experiment_id = x.id))), '[]')
    FROM experiments x WHERE x.variable IN ('compensation_offer', 'sla_policy') AND x.status = 'running') AS "experiments",
  (SELECT coalesce(json_agg(json_build_object('id', f.id, 'question', f.question, 'answer', f.answer,
      'categories', f.categories, 'searchTerms', f.search_terms) ORDER BY f.id), '[]')
    FROM faq_entries f WHERE $2 AND f.active AND f.locale = cu.locale) AS faq
FROM orders o JOIN customers cu ON cu.id = o.customer_id
WHERE o.order_no = $1
) ctx ON true`;

/**
 * The order, its customer, the groups, SLA policies (the VIP line's too) and (when the text has
 * words to match) the FAQ, in one query — which also counts the request's rate-limit hits
 * (lib/rate-limit/hits-in-statement.ts; refused: `rate_limited`, before anything else is looked
 * at) and finds an earlier complaint under the idempotency key. `context` is null for an unknown order.
 */
export async function readIntakeContext({
  pool,
  orderNo,
  withFaq,
  now,
  idempotencyKey = null,
  rateLimit = { hits: [], countRepeats: true },
}: {
  pool: pg.Pool;
  orderNo: string;
  withFaq: boolean;
  now: Date;
  idempotencyKey?: string | null;
  rateLimit?: IntakeRateLimit;
}): Promise<{ context: IntakeContext | null; replay: { id: string; requestHash: string | null } | null }> {
  const { rows } = await pool.query<
    IntakeContext["order"] &
      Omit<IntakeContext, "order" | "customer" | "history"> &
      IntakeContext["customer"] &
      IntakeContext["history"] & {
        rateLimits: HitCounts[];
        replay: { id: string; requestHash: string | null } | null;
      }
  >({
    name: "kesu_intake_context",
    text: CONTEXT_SQL,
    values: [orderNo, withFaq, now, idempotencyKey, ...hitParameters(rateLimit.hits), !rateLimit.countRepeats],
    query_timeout: QUERY_TIMEOUT_MS,
  } as pg.QueryConfig);
  const {
    rateLimits,
    replay,
    tier,
    locale,
    name,
    recentComplaints,
    lastCsat,
    repeatContact,
    autoRefunded,
    groups,
    policies,
    vipChannel,
    rules,
    experiments,
    faq,
    ...order
  } = rows[0]!;
  // A repeat that was not counted is answered whatever the limits say now (a customer over the
  // limit still gets the complaint they already filed); everything else is judged first.
  if (!(replay && !rateLimit.countRepeats)) assertHitsAllowed({ hits: rateLimit.hits, counts: rateLimits });
  if (order.id == null) return { context: null, replay };
  return {
    replay,
    context: {
      order,
      customer: { tier, locale, name },
      history: { recentComplaints, lastCsat, repeatContact },
      autoRefunded,
      groups,
      policies,
      vipChannel,
      rules,
      experiments,
      faq,
    },
  };
}

/** The request's rate-limit hits, counted by intake's context read; `countRepeats: false` leaves a repeat of an answered request uncounted. */
export type IntakeRateLimit = { hits: PendingHit[]; countRepeats: boolean };

/** Column-named rows (the statement populates each table's record type from them). */
export type IntakeRows = {
  complaint: Record<string, unknown> & { id: string; idempotency_key: string | null };
  /** The photos to attach, in order, and whose they must be (null: not yet anyone's — shop uploads). */
  imageIds: string[];
  imageOwner: string | null;
  /** A rating's photos go only to that rating's complaint. */
  imageRating: string | null;
  events: Record<string, unknown>[];
  audit: Record<string, unknown>;
  outbox: Record<string, unknown>[];
  /** Experiments the complaint met at intake (an SLA policy's arm), written with it. */
  exposures: Record<string, unknown>[];
};

/**
 * The complaint's insert from a populated `complaints` record `r` (followed by its FROM): shared
 * by this statement and the group commit's (intake-batch.ts).
 */
export const INSERT_COMPLAINT = `INSERT INTO complaints (id, order_id, customer_id, category, description, contact_enc, priority, urgency_score,
    urgency_reasons, emotion, emotion_intensity, group_id, source, idempotency_key, request_hash, first_response_due_at,
    resolution_due_at, sla_due_at, search_terms, keywords, created_at, updated_at)
  SELECT r.id, r.order_id, r.customer_id, r.category, r.description, r.contact_enc, r.priority, r.urgency_score,
    r.urgency_reasons, r.emotion, r.emotion_intensity, r.group_id, r.source, r.idempotency_key, r.request_hash,
    r.first_response_due_at, r.resolution_due_at, r.sla_due_at, r.search_terms, r.keywords, r.created_at, r.created_at`;

// Every part reads `c`: when the idempotency key is taken, nothing is inserted at all and the
// caller answers the first complaint. A photo that cannot be attached refuses the whole statement.
const WRITE_SQL = `
WITH p AS (SELECT $1::jsonb AS j),
c AS (
  ${INSERT_COMPLAINT}
  FROM p, jsonb_populate_record(NULL::complaints, p.j->'complaint') r
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
  FROM c, p, jsonb_populate_record(NULL::audit_log, p.j->'audit') a
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
)
SELECT (SELECT id FROM c) AS id,
  -- CASE, not OR: PostgreSQL does not promise to evaluate OR's operands in order. The statement's
  -- snapshot still shows the uploads as they were before it, which says why one could not be taken.
  CASE WHEN NOT EXISTS (SELECT 1 FROM c) OR (SELECT count(*) FROM img) = jsonb_array_length((SELECT j FROM p)->'imageIds')
    THEN true
    ELSE kesu_refuse(CASE WHEN EXISTS (
      SELECT 1 FROM uploads u, p WHERE u.id IN (SELECT x::uuid FROM jsonb_array_elements_text(p.j->'imageIds') x)
        AND (u.complaint_id IS NOT NULL OR u.rating_id IS DISTINCT FROM (p.j->>'imageRating')::uuid))
      THEN 'upload_in_use' ELSE 'upload_not_found' END)
  END AS ok`;

/**
 * A statement runner: the pool (a statement is its own transaction) or an open Prisma transaction.
 * `name` prepares the statement once per pooled connection, so PostgreSQL does not parse the
 * write's CTE chain again on every intake.
 */
export type RunSql = (sql: string, parameters: unknown[], name?: string) => Promise<Record<string, unknown>[]>;

/** A statement of intake waits no longer than a transaction may last; then it fails and is answered. */
export const QUERY_TIMEOUT_MS = 15_000;

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
  try {
    const [result] = await run(WRITE_SQL, [JSON.stringify(rows)], "kesu_intake_write");
    return result?.id != null;
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
