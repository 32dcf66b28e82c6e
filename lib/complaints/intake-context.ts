import type pg from "pg";
import type { CustomerTier, OrderStatus, Priority } from "../generated/prisma/enums";
import type { FaqCandidate } from "../knowledge/suggest-faq";
import type { SlaPolicyMinutes } from "../sla/sla-deadlines";
import type { IntakeExperiment } from "../experiments/intake-variants";
import { metrics } from "../metrics/registry";
import { HISTORY_DAYS, MAX_RECENT_COMPLAINTS } from "../triage/handling-rules";
import type { HitCounts, PendingHit } from "../rate-limit/consume-rate-limit";
import { assertHitsAllowed, hitRows, hitsCtes } from "../rate-limit/hits-in-statement";
import { VIP_GROUP_CODE } from "./vocabulary/handling-groups";
import {
  createStatementGroup,
  perPool,
  QUERY_TIMEOUT_MS,
  rolledBackForItsData,
  type Pending,
} from "../db-statement-group";

/**
 * Intake's first round trip: everything triage and routing need, read for several complaints at
 * once (lib/db-statement-group.ts). One read per complaint was intake's dearest part after the write: a
 * statement of some twenty subqueries, most of them the same for every complaint (the groups, SLA
 * policies, rules, experiments, FAQ), each paying PostgreSQL's start-up, locks and a socket round
 * trip on both sides; skipping the read altogether (an experiment, never shipped) took 0.6 ms of
 * PostgreSQL's CPU and 0.35 ms of the app's off each complaint at 1 M complaints. Grouped, those
 * parts are paid once per statement; what is each complaint's own — its order and customer, their
 * history, its idempotency key, its rate-limit hits — is read per complaint in the same statement.
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
  /**
   * What the handling rules may read of the customer's history (lib/triage/handling-rules.ts);
   * `recentComplaints` counts up to MAX_RECENT_COMPLAINTS, the most a rule may ask for.
   */
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

/** The request's rate-limit hits, counted by intake's context read; `countRepeats: false` leaves a repeat of an answered request uncounted. */
export type IntakeRateLimit = { hits: PendingHit[]; countRepeats: boolean };

type Replay = { id: string; requestHash: string | null };

/** One complaint's part of the answer (JSON: `deliveredAt` is a string there). */
type OrderRow = Omit<IntakeContext["order"], "deliveredAt"> &
  IntakeContext["customer"] &
  IntakeContext["history"] & { deliveredAt: string | null; autoRefunded: boolean };
type ContextItem = { replay: Replay | null; order: OrderRow | null; rateLimits: HitCounts[] };

/** What every complaint of the statement shares; the FAQ by locale, for the locales that asked for it. */
type Shared = Pick<IntakeContext, "groups" | "policies" | "vipChannel" | "rules" | "experiments"> & {
  faq: Partial<Record<string, FaqCandidate[]>>;
};

type ContextRequest = {
  orderNo: string;
  withFaq: boolean;
  now: Date;
  idempotencyKey: string | null;
  rateLimit: IntakeRateLimit;
};

// $1 the requests (n, order number, with FAQ, now, idempotency key, whether a repeat counts its
// hits), $2 their rate-limit hits (hits-in-statement.ts). Answers one row: each request's part in
// request order, and the parts they share.
const CONTEXT_SQL = `
WITH req AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS r(n int, order_no text, with_faq boolean, now timestamptz, idempotency_key text, count_repeats boolean)
),
replay AS (
  SELECT req.n, k.id, k.request_hash FROM req JOIN complaints k ON k.idempotency_key = req.idempotency_key
),
${hitsCtes({
  hits: "$2",
  counts: "(SELECT q.count_repeats OR NOT EXISTS (SELECT 1 FROM replay y WHERE y.n = q.n) FROM req q WHERE q.n = h.n)",
})},
ctx AS (
  SELECT req.n, req.with_faq, o.id, o.order_no AS "orderNo", o.status, o.amount_enc AS "amountEnc",
    o.legacy_amount::text AS "legacyAmount", o.customer_id AS "customerId", o.delivered_at AS "deliveredAt", o.region,
    cu.tier, cu.locale, cu.name,
    (SELECT count(*)::int FROM (SELECT FROM complaints e
      WHERE e.customer_id = o.customer_id AND e.created_at > req.now - interval '${HISTORY_DAYS} days'
      LIMIT ${MAX_RECENT_COMPLAINTS}) capped) AS "recentComplaints",
    (SELECT s.csat FROM survey_responses s WHERE s.customer_id = o.customer_id ORDER BY s.created_at DESC LIMIT 1) AS "lastCsat",
    EXISTS (SELECT 1 FROM complaints e WHERE e.customer_id = o.customer_id
      AND (e.order_id = o.id OR e.created_at > req.now - interval '7 days')) AS "repeatContact",
    -- A scalar subquery, not EXISTS: the planner turned EXISTS into a hashed subplan that read
    -- every compensation's key on each read (it estimates req at 100 rows); this probes the index.
    coalesce((SELECT true FROM compensations m WHERE m.idempotency_key = 'auto-refund:order:' || o.id::text), false)
      AS "autoRefunded"
  FROM req JOIN orders o ON o.order_no = req.order_no JOIN customers cu ON cu.id = o.customer_id
)
SELECT
  (SELECT json_agg(json_build_object(
      'replay', (SELECT json_build_object('id', y.id, 'requestHash', y.request_hash) FROM replay y WHERE y.n = req.n),
      'order', (SELECT to_jsonb(c) - 'n' - 'with_faq' FROM ctx c WHERE c.n = req.n),
      'rateLimits', (SELECT coalesce(json_agg(json_build_object('mine', hc.mine, 'others', hc.others, 'previous', hc.previous)
        ORDER BY hc.k), '[]') FROM hit_counts hc WHERE hc.n = req.n)
    ) ORDER BY req.n) FROM req) AS items,
  json_build_object(
    'groups', json_build_object(
      'byCategory', (SELECT coalesce(json_object_agg(r.category, json_build_object('id', g.id, 'code', g.code)), '{}')
        FROM handling_groups g CROSS JOIN unnest(g.categories) AS r(category)),
      'vip', (SELECT json_build_object('id', g.id, 'code', g.code) FROM handling_groups g WHERE g.code = '${VIP_GROUP_CODE}'),
      'byCode', (SELECT coalesce(json_object_agg(g.code, json_build_object('id', g.id, 'code', g.code)), '{}') FROM handling_groups g)),
    'policies', (SELECT coalesce(json_object_agg(s.priority, json_build_object(
        'firstResponseMinutes', s.first_response_minutes, 'resolutionPlanMinutes', s.resolution_plan_minutes,
        'businessStartMinute', s.business_start_minute, 'businessEndMinute', s.business_end_minute)), '{}')
      FROM sla_policies s),
    'vipChannel', (SELECT a.value FROM app_settings a WHERE a.key = 'vip_channel'),
    'rules', (SELECT json_build_object('version', h.version, 'rules', h.rules) FROM handling_rule_versions h
      WHERE h.activated_at IS NOT NULL ORDER BY h.version DESC LIMIT 1),
    'experiments', (SELECT coalesce(json_agg(json_build_object('id', x.id, 'variable', x.variable, 'target', x.target,
        'sharePercent', x.share_percent, 'tiers', x.tiers, 'regions', x.regions, 'categories', x.categories,
        'arms', (SELECT json_agg(json_build_object('key', a.key, 'control', a.control, 'offer', a.offer, 'sla', a.sla)
          ORDER BY a.key) FROM experiment_arms a WHERE a.experiment_id = x.id))), '[]')
      FROM experiments x WHERE x.variable IN ('compensation_offer', 'sla_policy') AND x.status = 'running'),
    'faq', (SELECT coalesce(json_object_agg(l.locale, (SELECT coalesce(json_agg(json_build_object('id', f.id,
        'question', f.question, 'answer', f.answer, 'categories', f.categories, 'searchTerms', f.search_terms)
        ORDER BY f.id), '[]') FROM faq_entries f WHERE f.active AND f.locale = l.locale)), '{}')
      FROM (SELECT DISTINCT c.locale FROM ctx c WHERE c.with_faq) l)
  ) AS shared`;

/**
 * Most complaints in one read, and reads in flight at once. One: a read takes a few milliseconds,
 * and the fewer statements the more each one shares. Measured at 1 M complaints, two in flight
 * against one: 460-511 against 511-526 complaints/s, p99 360-400 against 257-315 ms.
 */
const MAX_BATCH = 32;
const MAX_IN_FLIGHT = 1;

type Answer = { item: ContextItem; shared: Shared };

function createContextReader(pool: pg.Pool) {
  const readBatch = async (batch: Pending<ContextRequest, Answer>[]): Promise<void> => {
    try {
      const { rows } = await pool.query<{ items: ContextItem[]; shared: Shared }>({
        name: "kesu_intake_context",
        text: CONTEXT_SQL,
        values: [
          JSON.stringify(
            batch.map(({ input }, n) => ({
              n,
              order_no: input.orderNo,
              with_faq: input.withFaq,
              now: input.now,
              idempotency_key: input.idempotencyKey,
              count_repeats: input.rateLimit.countRepeats,
            })),
          ),
          JSON.stringify(hitRows({ requests: batch.map(({ input }) => input.rateLimit.hits) })),
        ],
        query_timeout: QUERY_TIMEOUT_MS,
      } as pg.QueryConfig);
      const { items, shared } = rows[0]!;
      batch.forEach((pending, n) => pending.resolve({ item: items[n]!, shared }));
    } catch (error) {
      // Rolled back as a whole (no hit counted) for one request's data or a deadlock: each again
      // alone, at once, so only the one at fault is refused. Anything else (a lost connection, a
      // timeout) is every request's answer.
      if (batch.length > 1 && rolledBackForItsData(error))
        await Promise.all(batch.map((pending) => readBatch([pending])));
      else for (const pending of batch) pending.reject(error);
    }
  };
  return createStatementGroup<ContextRequest, Answer>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    run: readBatch,
    observe: (size) => metrics().intakeReadBatch.observe(size),
  });
}

const readerFor = perPool(createContextReader);

/**
 * The order, its customer, the groups, SLA policies (the VIP line's too) and (when the text has
 * words to match) the FAQ — which also counts the request's rate-limit hits (refused:
 * `rate_limited`, before anything else is looked at) and finds an earlier complaint under the
 * idempotency key. `context` is null for an unknown order.
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
}): Promise<{ context: IntakeContext | null; replay: Replay | null }> {
  const { item, shared } = await readerFor(pool)({ orderNo, withFaq, now, idempotencyKey, rateLimit });
  const { replay, order: row, rateLimits } = item;
  // A repeat that was not counted is answered whatever the limits say now (a customer over the
  // limit still gets the complaint they already filed); everything else is judged first.
  if (!(replay && !rateLimit.countRepeats)) assertHitsAllowed({ hits: rateLimit.hits, counts: rateLimits });
  if (!row) return { context: null, replay };
  const { tier, locale, name, recentComplaints, lastCsat, repeatContact, autoRefunded, deliveredAt, ...order } = row;
  return {
    replay,
    context: {
      order: { ...order, deliveredAt: deliveredAt === null ? null : new Date(deliveredAt) },
      customer: { tier, locale, name },
      history: { recentComplaints, lastCsat, repeatContact },
      autoRefunded,
      groups: shared.groups,
      policies: shared.policies,
      vipChannel: shared.vipChannel,
      rules: shared.rules,
      experiments: shared.experiments,
      faq: withFaq ? (shared.faq[locale] ?? []) : [],
    },
  };
}
