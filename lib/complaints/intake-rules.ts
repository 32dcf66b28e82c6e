import { randomUUID } from "node:crypto";
import type pg from "pg";
import { recordAudit } from "../audit/record-audit";
import { capExcessFor } from "../compensation/compensation-caps";
import type { CompensationRequest } from "../compensation/compensation-rules";
import type { Prisma } from "../generated/prisma/client";
import { DEFAULT_LOCALE, isLocale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { decimalToFen, fenToYuanString } from "../money";
import type { FiredRules } from "../triage/handling-rules";
import { fillTemplate } from "./reply-templates";
import { categoryKey } from "./vocabulary/label-keys";
import type { Category } from "./vocabulary/taxonomy";
import { timelineEvent, timelineRows, type NewTimelineEvent } from "./vocabulary/timeline-events";

type Fired = NonNullable<FiredRules[keyof FiredRules]>;
type FiredOffer = NonNullable<FiredRules["offer"]>;

/** The staff timeline's note of what a rule did (its code, version, the value it set). */
export function ruleApplied(fired: Fired, value: string, capped?: boolean): NewTimelineEvent {
  const action = fired.action.type as
    "offer_coupon" | "offer_points" | "set_priority" | "route_to_group" | "reply_template";
  return timelineEvent("rule_applied", {
    rule: fired.rule,
    version: fired.version,
    action,
    value,
    ...(capped ? { capped } : {}),
  });
}

/**
 * A rule's reply template in the customer's language (or the shop's, when not yet translated),
 * filled like the reply box fills it: one more query, only when a reply rule fired. Null when the
 * template was retired meanwhile (nothing is sent then).
 */
export async function ruleReply({
  pool,
  fired,
  locale,
  values,
}: {
  pool: pg.Pool;
  fired: NonNullable<FiredRules["reply"]>;
  locale: string;
  values: { orderNo: string; customerName: string; category: Category };
}) {
  const reader = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const { rows } = await pool.query<{ body: string }>(
    `SELECT body FROM reply_templates WHERE code = $1 AND active AND locale IN ($2, $3)
     ORDER BY (locale = $2) DESC LIMIT 1`,
    [fired.action.template, reader, DEFAULT_LOCALE],
  );
  if (!rows[0]) return null;
  const text = fillTemplate(rows[0].body, {
    orderNo: values.orderNo,
    customerName: values.customerName,
    category: translatorFor(reader)(categoryKey(values.category)),
  });
  return {
    fired,
    event: timelineEvent("rule_reply", {
      rule: fired.rule,
      version: fired.version,
      template: fired.action.template,
      text,
    }),
  };
}

const requestOf = ({ action }: FiredOffer): CompensationRequest =>
  action.type === "offer_coupon"
    ? { type: "coupon", amountFen: action.amountFen }
    : { type: "points", points: action.points };

/**
 * Whether a rule's offer fits the compensation caps (the same caps staff offers meet, checked under
 * the customer's lock). The order is share-locked first: locks are taken order, then customer, as
 * a staff compensation and a re-sent order take them, so none of them can deadlock with intake.
 * Decided before the complaint row exists; the complaint's own sum is nothing yet.
 */
export async function decideRuleOffer({
  tx,
  fired,
  complaintId,
  orderId,
  customerId,
  now,
}: {
  tx: Prisma.TransactionClient;
  fired: FiredOffer;
  complaintId: string;
  orderId: string;
  customerId: string;
  now: Date;
}) {
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId}::uuid FOR SHARE`;
  const request = requestOf(fired);
  const excess = await capExcessFor({ tx, complaintId, customerId, request, now });
  return { fired, request, capped: excess !== null };
}

/**
 * The rule's offer on the new complaint: a coupon (valid for the rule's days) or points, `offered`
 * for the customer to claim from the card like any offer — once per order, ever (a unique key).
 * Over the caps nothing is offered and the timeline says so.
 */
export async function grantRuleOffer({
  tx,
  complaintId,
  orderId,
  offer,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  orderId: string;
  offer: Awaited<ReturnType<typeof decideRuleOffer>>;
  now: Date;
}) {
  const { fired, request, capped } = offer;
  const amount =
    request.type === "coupon"
      ? fenToYuanString(request.amountFen)
      : String(request.type === "points" ? request.points : 0);
  const event = ruleApplied(fired, amount, capped);
  await tx.complaintEvent.createMany({
    data: timelineRows({ complaintId, at: now, actor: { type: "system" }, events: [event] }),
  });
  if (capped) return null;
  const id = randomUUID();
  const validUntil =
    fired.action.type === "offer_coupon" ? new Date(now.getTime() + fired.action.validDays * 86_400_000) : null;
  const { count } = await tx.compensation.createMany({
    data: [
      {
        id,
        complaintId,
        orderId,
        type: request.type === "coupon" ? "coupon" : "points",
        amount,
        status: "offered",
        validUntil,
        // One automatic offer per order, ever (as the automatic refund): filing again earns nothing more.
        idempotencyKey: `rule-offer:order:${orderId}`,
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
      action: "compensation.rule_offer",
      target: { type: "compensation", id },
      after: { complaintId, type: request.type, amount, rule: fired.rule, version: fired.version },
    },
  });
  return {
    type: request.type === "coupon" ? ("coupon" as const) : ("points" as const),
    amountFen: decimalToFen(amount),
    status: "offered" as const,
  };
}
