import { randomUUID } from "node:crypto";
import type pg from "pg";
import { sqlPool, type Db } from "../db-client";
import type { Keyring } from "../crypto/field-encryption";
import { sealComplaintContact } from "./complaint-contact";
import { AppError, isAppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { fenToYuanString } from "../money";
import { lockOrderLedger } from "../compensation/order-ledger";
import type { OrderStatus } from "../generated/prisma/enums";
import { metrics } from "../metrics/registry";
import {
  autoResolutionFor,
  firedRules,
  storedRuleSet,
  type AutoResolution,
  type RuleFacts,
  type RuleSet,
} from "../triage/handling-rules";
import { searchTermsFor, topKeywords } from "../nlp/segment";
import { faqTerms } from "../knowledge/faq-terms";
import { keepSentimentAdaptationCurrent } from "../nlp/sentiment-adaptation";
import { AUTO_REPLY_SCORE, rankFaq } from "../knowledge/suggest-faq";
import { recordAudit, type AuditEntry } from "../audit/record-audit";
import { enqueueEvents, type OutboxEntry } from "../outbox/enqueue-event";
import { orderAmountFen as orderAmountFen_ } from "../orders/order-amount";
import { computeSlaDeadlines } from "../sla/sla-deadlines";
import { vipSlaPolicy } from "../sla/sla-policy-for";
import { triageComplaint } from "../triage/triage";
import {
  changeComplaintIn,
  plannedChange,
  type ChangeActor,
  type ChangeResult,
  type LoadedComplaint,
} from "./apply-change";
import { writeIntakeRowsGrouped } from "./intake-batch";
import { readIntakeContext, type IntakeContext, type IntakeRateLimit } from "./intake-context";
import {
  auditColumns,
  compensationColumns,
  eventColumns,
  outboxColumns,
  writeIntakeRows,
  type IntakeRows,
  type RunSql,
} from "./intake-statement";
import { writeRefundedIntake } from "./intake-refund";
import { nextStatus } from "./status-machine";
import { VIP_GROUP_CODE } from "./vocabulary/handling-groups";
import { ESCALATION_LEVELS, type Priority } from "./vocabulary/terms";
import { timelineEvent, timelineRows, type NewTimelineEvent } from "./vocabulary/timeline-events";
import { decideRuleOffer, grantRuleOffer, ruleApplied, ruleReply } from "./intake-rules";
import { offerForComplaint, slaForComplaint } from "../experiments/intake-variants";
import type { Category } from "./vocabulary/taxonomy";
import { assertVideoLimit } from "../storage/uploads";
import { complaintSummary, type ComplaintSummary } from "./complaint-summary";

export type IntakeActor = { type: "customer"; customerId: string } | { type: "shop" };

export type NewComplaint = {
  orderNo: string;
  category: Category;
  description: string;
  contact?: string;
  imageIds: string[];
  /** A low rating's complaint: the rating whose photos it may take (no other complaint may). */
  ratingId?: string;
};

type Idempotency = {
  key: string;
  requestHash: string;
  /** The H5 form: a submission answers with its first complaint even when the form was edited since (never an error for the customer). */
  anyBody?: boolean;
};

/**
 * Files a complaint: ownership check, triage, SLA deadlines, the automatic refund the rules
 * allow, and the timeline, all or nothing. With an idempotency key a repeat of the same request
 * returns the first complaint and writes nothing; concurrent repeats meet at the unique key and
 * the losers read the winner's complaint.
 *
 * Two round trips: one read (intake-context.ts, which also counts the caller's rate-limit hits
 * and finds a repeat), one statement (intake-statement.ts), each grouped with other complaints'
 * under load. A complaint a rule refunds is filed resolved in a statement of its own that takes
 * the order's ledger lock first, as every compensation does (intake-refund.ts); when the ledger
 * moved since the read, and for a rule's offer, a Prisma transaction decides under the lock.
 */
export async function createComplaint(args: {
  db: Db;
  actor: IntakeActor;
  input: NewComplaint;
  source: "h5" | "api";
  idempotency?: Idempotency;
  keyring: Keyring;
  /** The shop's refund gateway is configured: an automatic refund is requested there (pending), not just recorded. */
  shopRefunds?: boolean;
  /** The caller's rate-limit hits, counted in the context read (refused: `rate_limited`, nothing else done). */
  rateLimit?: IntakeRateLimit;
  now?: Date;
}): Promise<{ complaint: ComplaintSummary; replayed: boolean }> {
  const { db, input, source, idempotency, rateLimit, now = new Date() } = args;
  // The shop's adapted sentiment weights, looked for at most once a minute, never waited for.
  keepSentimentAdaptationCurrent({ db });
  // The context read counts the hits and finds a complaint already filed under the key. Whether
  // the text has FAQ words is known before it (one jieba cut, shared with triage's by the
  // tokenizer's memo), so a refused request pays for that cut too: cheaper than sending the FAQ
  // with every read.
  const { context, replay } = await readIntakeContext({
    pool: sqlPool(db),
    orderNo: input.orderNo,
    withFaq: faqTerms(input.description).length > 0,
    now,
    idempotencyKey: idempotency?.key ?? null,
    rateLimit,
  });
  if (replay && idempotency)
    return { complaint: await answerReplay({ db, idempotency, existing: replay }), replayed: true };
  if (!context) throw new AppError("order_not_found");
  // The schemas cap the files; among them one video (the intake's statement counts ids, not kinds).
  await assertVideoLimit({ db, uploadIds: input.imageIds });
  try {
    // The answer is built from what was written, not read back.
    const complaint = await fileComplaint({ ...args, shopRefunds: args.shopRefunds ?? false, now, context });
    if (complaint) {
      // Counted after the commit: a rolled-back intake is not an intake.
      metrics().intake.inc({ source });
      if (complaint.status === "resolved") metrics().autoResolved.inc();
      return { complaint, replayed: false };
    }
  } catch (error) {
    // A repeat of an earlier request (its key is taken) answers as the first one did — or
    // idempotency_key_reused for another body — whatever this attempt ran into on the way.
    if (idempotency) {
      const replay = await findReplay({ db, idempotency }).catch((lookup: unknown) => {
        if (isAppError(lookup)) throw lookup;
        return null;
      });
      if (replay) return { complaint: replay, replayed: true };
    }
    throw error;
  }
  // Nothing written: the key was taken by the time this attempt wrote.
  const raced = idempotency && (await findReplay({ db, idempotency }));
  if (!raced) throw new Error("intake wrote nothing and found no earlier complaint under its key");
  return { complaint: raced, replayed: true };
}

/** A repeat that raced this attempt (its key taken meanwhile): the complaint filed under the key. */
async function findReplay({ db, idempotency }: { db: Db; idempotency: Idempotency }) {
  const existing = await db.complaint.findUnique({
    where: { idempotencyKey: idempotency.key },
    select: { id: true, requestHash: true },
  });
  return existing && answerReplay({ db, idempotency, existing });
}

/** The first complaint's answer for a repeat of its request; another body under the same key is refused. */
async function answerReplay({
  db,
  idempotency,
  existing,
}: {
  db: Db;
  idempotency: Idempotency;
  existing: { id: string; requestHash: string | null };
}) {
  if (existing.requestHash !== idempotency.requestHash && !idempotency.anyBody)
    throw new AppError("idempotency_key_reused");
  return complaintSummary({ db, id: existing.id });
}

type IntakeArgs = {
  db: Db;
  context: IntakeContext;
  actor: IntakeActor;
  input: NewComplaint;
  source: "h5" | "api";
  idempotency?: Idempotency;
  keyring: Keyring;
  shopRefunds: boolean;
  now: Date;
};

/** The complaint as filed, or null when its idempotency key was taken meanwhile (nothing written). */
async function fileComplaint(args: IntakeArgs): Promise<ComplaintSummary | null> {
  const { db, actor, input, now, context } = args;
  const pool = sqlPool(db);
  const { order, customer } = context;
  if (actor.type === "customer" && order.customerId !== actor.customerId) throw new AppError("order_not_owned");

  const orderAmountFen = orderAmountFen_(order, args.keyring);
  const triage = triageComplaint({
    category: input.category,
    description: input.description,
    orderAmountFen,
    tier: customer.tier,
    repeatContact: context.history.repeatContact,
  });
  // The handling rules in force (data an admin edits, lib/triage/handling-rules.ts).
  const ruleSet = storedRuleSet(context.rules);
  const facts: RuleFacts = {
    category: input.category,
    orderStatus: order.status,
    orderAmountFen,
    tier: customer.tier,
    reasons: triage.reasons,
    recentComplaints: context.history.recentComplaints,
    lastCsat: context.history.lastCsat,
    hoursSinceDelivery: order.deliveredAt ? (now.getTime() - new Date(order.deliveredAt).getTime()) / 3_600_000 : null,
  };
  const rulesFired = firedRules({ ruleSet, facts });
  // A running experiment on the offer that fired gives this customer its arm's offer (sticky).
  const varied = rulesFired.offer
    ? offerForComplaint({
        experiments: context.experiments,
        fired: rulesFired.offer,
        complaint: {
          customerId: order.customerId,
          tier: customer.tier,
          region: order.region,
          category: input.category,
        },
      })
    : null;
  const fired = { ...rulesFired, offer: varied?.fired ?? null };
  const priority = rulePriority({ triage, ruled: fired.priority?.action.priority });
  // Routing is data (lib/staff/handling-groups.ts keeps every category routed to one group); a rule
  // may send the complaint elsewhere, except from the VIP line, which VIP customers are promised.
  const ruled = !triage.vipLine && fired.group ? context.groups.byCode[fired.group.action.group] : undefined;
  const group = triage.vipLine ? context.groups.vip : (ruled ?? context.groups.byCategory[input.category]);
  // The VIP line runs on its own clock (lib/sla/sla-policy-for.ts), read with the rest of the context.
  const standard = triage.vipLine ? vipSlaPolicy(context.vipChannel) : context.policies[priority];
  if (!group || !standard) throw new Error(`no handling group for ${input.category} or SLA policy ${priority}`);
  // An SLA policy experiment on this priority sets its arm's deadlines (never on the VIP line's own clock).
  const slaVaried = triage.vipLine
    ? null
    : slaForComplaint({
        experiments: context.experiments,
        priority,
        complaint: {
          customerId: order.customerId,
          tier: customer.tier,
          region: order.region,
          category: input.category,
        },
      });
  const policy = slaVaried?.sla ? { ...standard, ...slaVaried.sla } : standard;
  const due = computeSlaDeadlines({ createdAt: now, policy });
  const [faqMatch] = rankFaq({ entries: context.faq, text: input.description, category: input.category });
  const reply = fired.reply
    ? await ruleReply({
        pool,
        fired: fired.reply,
        locale: customer.locale,
        values: { orderNo: order.orderNo, customerName: customer.name, category: input.category },
      })
    : null;
  const rows = intakeRows({
    ...args,
    order,
    triage: { ...triage, priority },
    group,
    due,
    faqReply: faqMatch && faqMatch.score >= AUTO_REPLY_SCORE ? faqMatch : null,
    exposures: slaVaried?.exposure ? [slaVaried.exposure] : [],
    ruleEvents: [
      // Only when it set the priority (a rule may not lower a complaint naming a health or legal risk).
      ...(fired.priority && priority === fired.priority.action.priority
        ? [ruleApplied(fired.priority, fired.priority.action.priority)]
        : []),
      ...(fired.group && ruled ? [ruleApplied(fired.group, ruled.code)] : []),
      ...(reply ? [ruleApplied(reply.fired, reply.fired.action.template), reply.event] : []),
    ],
  });
  const created = {
    priority,
    category: input.category,
    groupId: group.id,
    customerId: order.customerId,
    // The VIP line's complaints also tell the customer's account manager (inngest/functions/notify-vip.ts).
    vip: triage.vipLine,
  };
  const answer = (status: "new" | "resolved", compensations: ComplaintSummary["compensations"]): ComplaintSummary => ({
    id: rows.complaint.id,
    status,
    priority,
    group: group.code,
    firstResponseDueAt: due.firstResponseDueAt,
    compensations,
  });

  // One automatic refund per order, ever: once granted, no rule can refund this order again.
  const assumed = context.autoRefunded ? null : autoResolutionFor({ ruleSet, facts, refundedFen: 0 });
  if (!assumed && !fired.offer) {
    rows.outbox = outboxColumns(announcements({ complaintId: rows.complaint.id, data: created, status: "new", due }));
    const written = await writeIntakeRowsGrouped({ pool, rows });
    return written ? answer("new", []) : null;
  }
  if (assumed) {
    // Decided on the ledger as read (nothing refunded yet), checked under its lock in the
    // statement; when it moved meanwhile, decided again below under the lock, as before.
    const filed = await fileRefunded({
      pool,
      rows,
      order,
      resolution: assumed,
      shopRefunds: args.shopRefunds,
      created,
      due,
      group,
      // slaPolicyFor's answer, which changeComplaintIn would read.
      clockPolicy: group.code === VIP_GROUP_CODE ? vipSlaPolicy(context.vipChannel) : standard,
      now,
    });
    // A taken key wrote nothing and is answered as the first request: not a ledger outcome.
    if (filed === "taken") return null;
    metrics().autoRefundLedger.inc({ ledger: filed ? "unchanged" : "moved" });
    if (filed) return answer("resolved", [{ type: "refund", ...filed }]);
  }
  const mayRefund = assumed !== null;

  return db.$transaction(async (tx) => {
    // Decided before the complaint row exists: the order lock comes first, as in a staff refund.
    const autoRefund = mayRefund
      ? await decideAutoRefund({
          tx,
          order: { id: order.id, status: order.status, amountFen: orderAmountFen },
          facts,
          ruleSet,
          keyring: args.keyring,
        })
      : null;
    // After the order's lock, as every compensation takes them (order, then customer). A complaint
    // the rules refund gets no offer on top: one gesture per complaint.
    const offer =
      fired.offer && !autoRefund
        ? await decideRuleOffer({
            tx,
            fired: fired.offer,
            complaintId: rows.complaint.id,
            orderId: order.id,
            customerId: order.customerId,
            now,
          })
        : null;
    const run: RunSql = (sql, parameters) => tx.$queryRawUnsafe(sql, ...parameters);
    if (!(await writeIntakeRows({ run, rows }))) return null;
    const complaintId = rows.complaint.id;
    const offered = offer && (await grantRuleOffer({ tx, complaintId, orderId: order.id, offer, now }));
    // Exposed only when the offer was the arm's to make (not when a refund took its place).
    if (varied?.exposure && offer)
      await tx.experimentExposure.createMany({
        data: [{ ...varied.exposure, customerId: order.customerId, complaintId, exposedAt: now }],
        skipDuplicates: true,
      });
    const refund =
      autoRefund &&
      (await grantAutoRefund({
        tx,
        complaintId,
        orderId: order.id,
        resolution: autoRefund,
        shopRefunds: args.shopRefunds,
        now,
      }));
    const status = refund ? "resolved" : "new";
    await enqueueEvents({ tx, events: announcements({ complaintId, data: created, status, due }) });
    // Resolved by the rule: a complaint change like any other (status machine, SLA clock, timeline,
    // audit, and the same announcement as a staff resolution, so the customer is told, asked to
    // confirm and rate, and the complaint closes by itself when they do not answer).
    if (refund) {
      await changeComplaintIn({
        tx,
        actor: AUTO_RESOLUTION,
        complaintId,
        action: "auto_resolve",
        now,
        change: () => autoResolveChange({ refund, resolution: autoRefund }),
      });
    }
    return answer(status, [
      ...(refund ? [{ type: "refund" as const, amountFen: refund.amountFen, status: refund.status }] : []),
      ...(offered ? [offered] : []),
    ]);
  });
}

// Words that put a customer's health or the shop's standing at stake: no rule may lower such a complaint.
const NEVER_LOWERED = ["text_food_safety", "text_legal_exposure"];
const RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2 };

/** A rule's priority, unless it would lower a complaint whose text names a health or legal risk. */
function rulePriority({ triage, ruled }: { triage: { priority: Priority; reasons: string[] }; ruled?: Priority }) {
  if (!ruled) return triage.priority;
  const lowers = RANK[ruled] < RANK[triage.priority];
  return lowers && triage.reasons.some((reason) => NEVER_LOWERED.includes(reason)) ? triage.priority : ruled;
}

/** What the complaint is made of, as rows named like their columns (see intake-statement.ts). */
function intakeRows({
  actor,
  input,
  source,
  idempotency,
  keyring,
  now,
  order,
  triage,
  group,
  due,
  faqReply,
  ruleEvents,
  exposures,
}: IntakeArgs & {
  order: { id: string; customerId: string };
  triage: ReturnType<typeof triageComplaint>;
  group: { id: string; code: string };
  due: { firstResponseDueAt: Date; resolutionDueAt: Date };
  faqReply: { id: string; question: string; answer: string } | null;
  /** What the handling rules did besides money (priority, group, reply), on the timeline. */
  ruleEvents: NewTimelineEvent[];
  /** Experiments met at intake (an SLA policy's arm), written with the complaint. */
  exposures: { experimentId: string; arm: string }[];
}): IntakeRows {
  // contactEnc bound to id; the id's time is the complaint's created_at.
  const { id, contactEnc } = sealComplaintContact({ contact: input.contact, keyring, at: now });
  const filedBy =
    actor.type === "customer" ? { type: "customer" as const, id: actor.customerId } : { type: "shop" as const };
  const events = [
    ...timelineRows({
      complaintId: id,
      at: now,
      actor: filedBy,
      events: [timelineEvent("submitted", { category: input.category })],
    }),
    ...timelineRows({
      complaintId: id,
      at: now,
      actor: { type: "system" },
      events: [
        timelineEvent("triaged", {
          priority: triage.priority,
          urgency: triage.urgency,
          reasons: triage.reasons,
          group: group.code,
        }),
        // When an FAQ answers the complaint with high confidence, the automatic first reply quotes it.
        ...(faqReply
          ? [
              timelineEvent("auto_reply", {
                faqId: faqReply.id,
                question: faqReply.question,
                answer: faqReply.answer,
              }),
            ]
          : []),
        ...ruleEvents,
      ],
    }),
  ];
  const audit: AuditEntry = {
    actor: filedBy,
    action: "complaint.created",
    target: { type: "complaint", id },
    after: {
      orderNo: input.orderNo,
      category: input.category,
      priority: triage.priority,
      group: group.code,
      source,
      images: input.imageIds.length,
    },
  };
  return {
    complaint: {
      id,
      order_id: order.id,
      customer_id: order.customerId,
      category: input.category,
      description: input.description,
      contact_enc: contactEnc,
      // Filed new; a rule's resolution at intake sets what the change would (fileRefunded).
      status: "new",
      version: 0,
      first_responded_at: null,
      resolved_at: null,
      sla_paused_at: null,
      priority: triage.priority,
      urgency_score: triage.urgency,
      urgency_reasons: triage.reasons,
      emotion: triage.emotion,
      emotion_intensity: triage.emotionIntensity,
      group_id: group.id,
      source,
      idempotency_key: idempotency?.key ?? null,
      request_hash: idempotency?.requestHash ?? null,
      first_response_due_at: due.firstResponseDueAt,
      resolution_due_at: due.resolutionDueAt,
      sla_due_at: due.firstResponseDueAt,
      search_terms: searchTermsFor(input.description),
      keywords: topKeywords(input.description, 5).map((k) => k.keyword),
      created_at: now,
    },
    imageIds: input.imageIds,
    // A customer may attach only their own photos; the shop only photos not yet given to anyone.
    imageOwner: actor.type === "customer" ? actor.customerId : null,
    imageRating: input.ratingId ?? null,
    events: events.map(eventColumns),
    audits: [auditColumns(audit)],
    outbox: [],
    exposures: exposures.map((x) => ({
      experiment_id: x.experimentId,
      arm: x.arm,
      customer_id: order.customerId,
      exposed_at: now,
    })),
  };
}

/** The outbox events for a new complaint (version 0): created, and its first SLA deadline unless resolved. */
function announcements({
  complaintId,
  data,
  status,
  due,
}: {
  complaintId: string;
  data: { priority: Priority; category: Category; groupId: string; customerId: string; vip: boolean };
  status: "new" | "resolved";
  due: { firstResponseDueAt: Date };
}): OutboxEntry[] {
  const slaDueAt = status === "new" ? due.firstResponseDueAt.toISOString() : null;
  return [
    { name: "kesu/complaint.created", aggregateId: complaintId, data: { complaintId, ...data, status, slaDueAt } },
    ...(slaDueAt
      ? [
          {
            name: "kesu/complaint.sla_scheduled" as const,
            aggregateId: complaintId,
            data: { complaintId, kind: "first_response" as const, dueAt: slaDueAt, version: 0 },
          },
        ]
      : []),
  ];
}

/**
 * The automatic refund the rules allow, decided under the order lock every compensation takes
 * (lib/compensation/order-ledger.ts): a staff refund committed meanwhile is counted, one still
 * open makes this wait for it.
 */
async function decideAutoRefund({
  tx,
  order,
  facts,
  ruleSet,
  keyring,
}: {
  tx: Prisma.TransactionClient;
  order: { id: string; status: OrderStatus; amountFen: number };
  facts: RuleFacts;
  ruleSet: RuleSet;
  keyring: Keyring;
}) {
  const decide = (orderStatus: OrderStatus, orderAmountFen: number, refundedFen: number) =>
    autoResolutionFor({ ruleSet, facts: { ...facts, orderStatus, orderAmountFen }, refundedFen });
  // Most complaints match no rule whatever was refunded before: no lock, no sum of refunds.
  if (!decide(order.status, order.amountFen, 0)) return null;
  const ledger = await lockOrderLedger({ tx, orderId: order.id, keyring });
  return decide(ledger.status, ledger.amountFen, ledger.refundedFen);
}

/** The rules' resolution, as the complaint change it is (actor, action) in either path. */
const AUTO_RESOLUTION = { kind: "system", label: "auto-resolution" } as const satisfies ChangeActor;

function autoResolveChange({
  refund,
  resolution,
}: {
  refund: { amountFen: number; status: "pending" | "succeeded" };
  resolution: NonNullable<AutoResolution>;
}): ChangeResult {
  return {
    events: [
      timelineEvent("auto_refund", {
        amountFen: refund.amountFen,
        rule: resolution.rule,
        version: resolution.version,
        status: refund.status,
      }),
    ],
    audit: { rule: resolution.rule, version: resolution.version, amountFen: refund.amountFen },
  };
}

/**
 * The automatic refund's rows: the compensation, its audit entry, and with the shop's refund
 * gateway configured the request to it. One automatic refund per order, ever: its idempotency key
 * is the order's. With the gateway the refund is only requested here (pending): the money moves
 * when the shop says so (kesu/compensation.refund_requested → the settle-refund workflow, retried).
 */
function autoRefundGrant({
  complaintId,
  orderId,
  resolution,
  shopRefunds,
  now,
}: {
  complaintId: string;
  orderId: string;
  resolution: NonNullable<AutoResolution>;
  shopRefunds: boolean;
  now: Date;
}) {
  const compensationId = randomUUID();
  const status = shopRefunds ? ("pending" as const) : ("succeeded" as const);
  const amount = fenToYuanString(resolution.amountFen);
  const audit: AuditEntry = {
    actor: { type: "system" },
    action: "compensation.auto_refund",
    target: { type: "compensation", id: compensationId },
    after: { complaintId, amount, status, rule: resolution.rule, version: resolution.version },
  };
  const outbox: OutboxEntry[] =
    status === "pending"
      ? [
          {
            name: "kesu/compensation.refund_requested",
            aggregateId: complaintId,
            data: { complaintId, compensationId, type: "refund", status },
          },
        ]
      : [];
  return {
    refund: { amountFen: resolution.amountFen, status },
    compensation: {
      id: compensationId,
      complaintId,
      orderId,
      type: "refund" as const,
      amount,
      status,
      idempotencyKey: `auto-refund:order:${orderId}`,
      createdAt: now,
    },
    audit,
    outbox,
  };
}

/**
 * A complaint the rules refund, filed resolved in one statement (intake-refund.ts): its rows as
 * the slow path below would leave them — the refund, then the complaint's announcements, then the
 * auto_resolve change as changeComplaintIn would write it (plannedChange). Null when the ledger
 * moved since the decision (nothing written).
 */
async function fileRefunded({
  pool,
  rows,
  order,
  group,
  resolution,
  shopRefunds,
  created,
  due,
  clockPolicy,
  now,
}: {
  pool: pg.Pool;
  rows: IntakeRows;
  order: IntakeContext["order"];
  group: { id: string; code: string };
  resolution: NonNullable<AutoResolution>;
  shopRefunds: boolean;
  created: Parameters<typeof announcements>[0]["data"];
  due: { firstResponseDueAt: Date; resolutionDueAt: Date };
  clockPolicy: Parameters<typeof plannedChange>[0]["policy"];
  now: Date;
}): Promise<{ amountFen: number; status: "pending" | "succeeded" } | "taken" | null> {
  const complaintId = rows.complaint.id;
  const grant = autoRefundGrant({ complaintId, orderId: order.id, resolution, shopRefunds, now });
  const filed: LoadedComplaint = {
    id: complaintId,
    status: "new",
    version: 0,
    priority: created.priority,
    assigneeId: null,
    escalationLevel: ESCALATION_LEVELS.l1,
    groupId: group.id,
    group: { code: group.code },
    orderId: order.id,
    customerId: order.customerId,
    category: created.category,
    firstResponseDueAt: due.firstResponseDueAt,
    resolutionDueAt: due.resolutionDueAt,
    firstRespondedAt: null,
    slaDueAt: due.firstResponseDueAt,
    slaPausedAt: null,
    slaBreachCount: 0,
  };
  const planned = plannedChange({
    actor: AUTO_RESOLUTION,
    action: "auto_resolve",
    complaint: filed,
    to: nextStatus(filed.status, "auto_resolve"),
    now,
    policy: clockPolicy,
    result: autoResolveChange({ refund: grant.refund, resolution }),
  });
  // What auto_resolve changes (autoResolveChange sets no other field): the status, the version and
  // the SLA clock, each a column of the insert.
  const { update } = planned;
  const outcome = await writeRefundedIntake({
    pool,
    rows: {
      ...rows,
      complaint: {
        ...rows.complaint,
        status: update.status,
        version: update.version,
        first_response_due_at: update.firstResponseDueAt,
        resolution_due_at: update.resolutionDueAt,
        first_responded_at: update.firstRespondedAt,
        resolved_at: update.resolvedAt ?? null,
        sla_due_at: update.slaDueAt,
        sla_paused_at: update.slaPausedAt,
      },
      events: [...rows.events, ...planned.events.map(eventColumns)],
      audits: [...rows.audits, auditColumns(grant.audit), auditColumns(planned.audit)],
      outbox: outboxColumns([
        ...grant.outbox,
        ...announcements({ complaintId, data: created, status: "resolved", due }),
        ...planned.outbox,
      ]),
      ledger: { status: order.status, amount_enc: order.amountEnc, legacy_amount: order.legacyAmount },
      compensation: compensationColumns(grant.compensation),
    },
  });
  return outcome === "written" ? grant.refund : outcome === "taken" ? "taken" : null;
}

async function grantAutoRefund({
  tx,
  complaintId,
  orderId,
  resolution,
  shopRefunds,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  orderId: string;
  resolution: NonNullable<AutoResolution>;
  shopRefunds: boolean;
  now: Date;
}): Promise<{ amountFen: number; status: "pending" | "succeeded" } | null> {
  // Concurrent complaints on the same order meet at the compensation's unique key and only one of
  // them inserts (ON CONFLICT DO NOTHING).
  const grant = autoRefundGrant({ complaintId, orderId, resolution, shopRefunds, now });
  const { count } = await tx.compensation.createMany({ data: [grant.compensation], skipDuplicates: true });
  if (count === 0) return null;
  await recordAudit({ db: tx, entry: grant.audit });
  await enqueueEvents({ tx, events: grant.outbox });
  return grant.refund;
}
