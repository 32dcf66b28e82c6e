import { randomUUID } from "node:crypto";
import type { Db } from "../db-client";
import type { Keyring } from "../crypto/field-encryption";
import { sealComplaintContact } from "./complaint-contact";
import { AppError, isAppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { fenToYuanString } from "../money";
import { lockOrderLedger } from "../compensation/order-ledger";
import type { OrderStatus } from "../generated/prisma/enums";
import { metrics } from "../metrics/registry";
import { AUTO_REFUND_RULE, autoResolutionFor, type AutoResolution } from "../triage/auto-resolution";
import { searchTermsFor, topKeywords } from "../nlp/segment";
import { AUTO_REPLY_SCORE, suggestFaq } from "../knowledge/suggest-faq";
import { recordAudit } from "../audit/record-audit";
import { enqueueEvent, enqueueEvents } from "../outbox/enqueue-event";
import { orderAmountFen as orderAmountFen_, STORED_AMOUNT } from "../orders/order-amount";
import { computeSlaDeadlines } from "../sla/sla-deadlines";
import { triageComplaint } from "../triage/triage";
import { changeComplaintIn } from "./apply-change";
import type { Priority } from "./vocabulary/terms";
import { timelineEvent, timelineRows } from "./vocabulary/timeline-events";
import type { Category } from "./vocabulary/taxonomy";
import { complaintSummary, type ComplaintSummary } from "./complaint-summary";

export type IntakeActor = { type: "customer"; customerId: string } | { type: "shop" };

export type NewComplaint = {
  orderNo: string;
  category: Category;
  description: string;
  contact?: string;
  imageIds: string[];
};

type Idempotency = { key: string; requestHash: string };

/**
 * Files a complaint: ownership check, triage, SLA deadlines, the automatic refund the rules
 * allow, and the timeline, in one transaction. With an idempotency key a repeat of the same
 * request returns the first complaint and writes nothing; concurrent repeats race on the
 * unique key and the losers read the winner's complaint.
 */
export async function createComplaint({
  db,
  actor,
  input,
  source,
  idempotency,
  keyring,
  shopRefunds = false,
  now = new Date(),
}: {
  db: Db;
  actor: IntakeActor;
  input: NewComplaint;
  source: "h5" | "api";
  idempotency?: Idempotency;
  keyring: Keyring;
  /** The shop's refund gateway is configured: an automatic refund is requested there (pending), not just recorded. */
  shopRefunds?: boolean;
  now?: Date;
}): Promise<{ complaint: ComplaintSummary; replayed: boolean }> {
  // No look-up first: a repeat is rare, and the unique key finds it (the insert fails, nothing of
  // the attempt commits, the first complaint is answered) — one round trip less for every new one.
  try {
    // The answer is built from what the transaction wrote, not read back after it.
    const complaint = await db.$transaction((tx) =>
      insertComplaint({ tx, actor, input, source, idempotency, keyring, shopRefunds, now }),
    );
    // Counted after the commit: a rolled-back intake is not an intake.
    metrics().intake.inc({ source });
    if (complaint.status === "resolved") metrics().autoResolved.inc();
    return { complaint, replayed: false };
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
}

async function findReplay({ db, idempotency }: { db: Db; idempotency: Idempotency }) {
  const existing = await db.complaint.findUnique({
    where: { idempotencyKey: idempotency.key },
    select: { id: true, requestHash: true },
  });
  if (!existing) return null;
  if (existing.requestHash !== idempotency.requestHash) throw new AppError("idempotency_key_reused");
  return complaintSummary({ db, id: existing.id });
}

async function insertComplaint({
  tx,
  actor,
  input,
  source,
  idempotency,
  keyring,
  shopRefunds,
  now,
}: {
  tx: Prisma.TransactionClient;
  actor: IntakeActor;
  input: NewComplaint;
  source: "h5" | "api";
  idempotency?: Idempotency;
  keyring: Keyring;
  shopRefunds: boolean;
  now: Date;
}): Promise<ComplaintSummary> {
  const order = await tx.order.findUnique({
    where: { orderNo: input.orderNo },
    select: {
      id: true,
      status: true,
      ...STORED_AMOUNT,
      customerId: true,
      customer: { select: { tier: true, locale: true } },
    },
  });
  if (!order) throw new AppError("order_not_found");
  if (actor.type === "customer" && order.customerId !== actor.customerId) throw new AppError("order_not_owned");

  const orderAmountFen = orderAmountFen_(order, keyring);
  const triage = triageComplaint({
    category: input.category,
    description: input.description,
    orderAmountFen,
    tier: order.customer.tier,
  });
  // The group and its SLA policy in one round trip (a transaction is one connection: sequential).
  const [routing] = await tx.$queryRaw<
    {
      groupId: string;
      firstResponseMinutes: number;
      resolutionPlanMinutes: number;
      businessStartMinute: number | null;
      businessEndMinute: number | null;
    }[]
  >`SELECT g.id AS "groupId", p.first_response_minutes AS "firstResponseMinutes", p.resolution_plan_minutes AS "resolutionPlanMinutes",
      p.business_start_minute AS "businessStartMinute", p.business_end_minute AS "businessEndMinute"
    FROM handling_groups g CROSS JOIN sla_policies p WHERE g.code = ${triage.groupCode} AND p.priority = ${triage.priority}::"Priority"`;
  if (!routing) throw new Error(`no handling group ${triage.groupCode} or SLA policy ${triage.priority}`);
  const group = { id: routing.groupId, code: triage.groupCode };
  const policy = routing;
  const due = computeSlaDeadlines({ createdAt: now, policy });
  // Decided before the complaint row exists: the order lock comes first, as in a staff refund.
  const autoRefund = await decideAutoRefund({
    tx,
    order: { id: order.id, status: order.status, amountFen: orderAmountFen },
    category: input.category,
    keyring,
  });

  const complaint = await tx.complaint.create({
    data: {
      orderId: order.id,
      customerId: order.customerId,
      category: input.category,
      description: input.description,
      ...sealComplaintContact({ contact: input.contact, keyring }), // id + contactEnc bound to it
      priority: triage.priority,
      urgencyScore: triage.urgency,
      urgencyReasons: triage.reasons,
      groupId: group.id,
      source,
      idempotencyKey: idempotency?.key,
      requestHash: idempotency?.requestHash,
      firstResponseDueAt: due.firstResponseDueAt,
      resolutionDueAt: due.resolutionDueAt,
      slaDueAt: due.firstResponseDueAt,
      searchTerms: searchTermsFor(input.description),
      keywords: topKeywords(input.description, 5).map((k) => k.keyword),
      createdAt: now,
    },
    select: { id: true },
  });

  await attachImages({ tx, complaintId: complaint.id, customerId: order.customerId, actor, imageIds: input.imageIds });

  const filedBy =
    actor.type === "customer" ? { type: "customer" as const, id: actor.customerId } : { type: "shop" as const };
  await tx.complaintEvent.createMany({
    data: [
      ...timelineRows({
        complaintId: complaint.id,
        at: now,
        actor: filedBy,
        events: [timelineEvent("submitted", { category: input.category })],
      }),
      ...timelineRows({
        complaintId: complaint.id,
        at: now,
        actor: { type: "system" },
        events: [
          timelineEvent("triaged", {
            priority: triage.priority,
            urgency: triage.urgency,
            reasons: triage.reasons,
            group: group.code,
          }),
        ],
      }),
    ],
  });

  await recordAudit({
    db: tx,
    entry: {
      actor: actor.type === "customer" ? { type: "customer", id: actor.customerId } : { type: "shop" },
      action: "complaint.created",
      target: { type: "complaint", id: complaint.id },
      after: {
        orderNo: input.orderNo,
        category: input.category,
        priority: triage.priority,
        group: group.code,
        source,
        images: input.imageIds.length,
      },
    },
  });
  await replyFromFaq({
    tx,
    complaintId: complaint.id,
    description: input.description,
    category: input.category,
    locale: order.customer.locale,
    now,
  });
  const refund =
    autoRefund &&
    (await grantAutoRefund({
      tx,
      complaintId: complaint.id,
      orderId: order.id,
      resolution: autoRefund,
      shopRefunds,
      now,
    }));
  const status = refund ? "resolved" : "new";
  await announceCreated({
    tx,
    complaintId: complaint.id,
    data: {
      priority: triage.priority,
      category: input.category,
      status,
      groupId: group.id,
      customerId: order.customerId,
      slaDueAt: refund ? null : due.firstResponseDueAt,
    },
  });
  // Resolved by the rule: a complaint change like any other (status machine, SLA clock, timeline,
  // audit, and the same announcement as a staff resolution, so the customer is told, asked to
  // confirm and rate, and the complaint closes by itself when they do not answer).
  if (refund) {
    await changeComplaintIn({
      tx,
      actor: { kind: "system", label: "auto-resolution" },
      complaintId: complaint.id,
      action: "auto_resolve",
      now,
      change: () => ({
        events: [
          timelineEvent("auto_refund", { amountFen: refund.amountFen, rule: AUTO_REFUND_RULE, status: refund.status }),
        ],
        audit: { rule: AUTO_REFUND_RULE, amountFen: refund.amountFen },
      }),
    });
  }
  return {
    id: complaint.id,
    status,
    priority: triage.priority,
    group: group.code,
    firstResponseDueAt: due.firstResponseDueAt,
    compensations: refund === null ? [] : [{ type: "refund", amountFen: refund.amountFen, status: refund.status }],
  };
}

/** When an FAQ answers the complaint with high confidence, the automatic first reply quotes it. */
async function replyFromFaq({
  tx,
  complaintId,
  description,
  category,
  locale,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  description: string;
  category: Category;
  locale: string;
  now: Date;
}) {
  const [match] = await suggestFaq({ db: tx, text: description, locale, category });
  if (!match || match.score < AUTO_REPLY_SCORE) return;
  await tx.complaintEvent.createMany({
    data: timelineRows({
      complaintId,
      at: now,
      actor: { type: "system" },
      events: [timelineEvent("auto_reply", { faqId: match.id, question: match.question, answer: match.answer })],
    }),
  });
}

/** The outbox events for a new complaint (version 0), in its transaction: created, and its first SLA deadline. */
async function announceCreated({
  tx,
  complaintId,
  data,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  data: {
    priority: Priority;
    category: Category;
    status: "new" | "resolved";
    groupId: string;
    customerId: string;
    slaDueAt: Date | null;
  };
}) {
  const slaDueAt = data.slaDueAt?.toISOString() ?? null;
  await enqueueEvents({
    tx,
    events: [
      { name: "kesu/complaint.created", aggregateId: complaintId, data: { complaintId, ...data, slaDueAt } },
      ...(slaDueAt
        ? [
            {
              name: "kesu/complaint.sla_scheduled" as const,
              aggregateId: complaintId,
              data: { complaintId, kind: "first_response" as const, dueAt: slaDueAt, version: 0 },
            },
          ]
        : []),
    ],
  });
}

async function attachImages({
  tx,
  complaintId,
  customerId,
  actor,
  imageIds,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  customerId: string;
  actor: IntakeActor;
  imageIds: string[];
}) {
  for (const [position, id] of imageIds.entries()) {
    // A customer may attach only their own photos; the shop only photos not yet given to anyone.
    const owner = actor.type === "customer" ? { customerId: actor.customerId } : { customerId: null };
    const { count } = await tx.upload.updateMany({
      where: { id, complaintId: null, ...owner },
      data: { complaintId, customerId, position },
    });
    if (count === 1) continue;
    const exists = await tx.upload.findUnique({ where: { id }, select: { complaintId: true, customerId: true } });
    throw new AppError(exists?.complaintId ? "upload_in_use" : "upload_not_found");
  }
}

/**
 * The automatic refund the rules allow, decided under the order lock every compensation takes
 * (lib/compensation/order-ledger.ts): a staff refund committed meanwhile is counted, one still
 * open makes this wait for it.
 */
async function decideAutoRefund({
  tx,
  order,
  category,
  keyring,
}: {
  tx: Prisma.TransactionClient;
  order: { id: string; status: OrderStatus; amountFen: number };
  category: Category;
  keyring: Keyring;
}) {
  // Most complaints match no rule whatever was refunded before: no lock, no sum of refunds.
  if (!autoResolutionFor({ category, orderStatus: order.status, orderAmountFen: order.amountFen, refundedFen: 0 }))
    return null;
  const ledger = await lockOrderLedger({ tx, orderId: order.id, keyring });
  return autoResolutionFor({
    category,
    orderStatus: ledger.status,
    orderAmountFen: ledger.amountFen,
    refundedFen: ledger.refundedFen,
  });
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
  // One automatic refund per order, ever: concurrent complaints on the same order meet at this
  // unique key and only one of them inserts (ON CONFLICT DO NOTHING). With the shop's refund
  // gateway configured the refund is only requested here (pending): the money moves when the shop
  // says so (kesu/compensation.refund_requested → the settle-refund workflow, retried).
  const compensationId = randomUUID();
  const status = shopRefunds ? ("pending" as const) : ("succeeded" as const);
  const amount = fenToYuanString(resolution.amountFen);
  const { count } = await tx.compensation.createMany({
    data: [
      {
        id: compensationId,
        complaintId,
        orderId,
        type: "refund",
        amount,
        status,
        idempotencyKey: `auto-refund:order:${orderId}`,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return null;
  await recordAudit({
    db: tx,
    entry: {
      actor: { type: "system" },
      action: "compensation.auto_refund",
      target: { type: "compensation", id: compensationId },
      after: { complaintId, amount, status, rule: AUTO_REFUND_RULE },
    },
  });
  if (status === "pending") {
    await enqueueEvent({
      tx,
      name: "kesu/compensation.refund_requested",
      aggregateId: complaintId,
      data: { complaintId, compensationId, type: "refund", status },
    });
  }
  return { amountFen: resolution.amountFen, status };
}
