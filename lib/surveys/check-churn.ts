import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { capExcessFor } from "../compensation/compensation-caps";
import { lockOrder } from "../compensation/order-ledger";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { CAP_WINDOW_DAYS } from "../compensation/compensation-limits";
import { COUPON_VALID_DAYS } from "../compensation/compensation-rules";
import { translatorFor } from "../i18n/translator";
import { fenToYuanString } from "../money";
import { planDeliveries } from "../notify/plan-deliveries";
import { workspaceLink } from "../notify/workspace-link";
import { CHURN_STREAK, isChurnRisk } from "./survey-rules";
import { timelineEvent, timelineRows } from "../complaints/vocabulary/timeline-events";

const CHURN_COUPON_FEN = 1000;

/**
 * The goodwill coupon of a churn warning, like every compensation: under the order lock, within
 * the compensation caps, audited — and at most one per customer in the caps' window, so rating
 * complaint after complaint low does not farm coupons. Skipped (not an error) when it would not fit.
 */
async function offerChurnCoupon({
  tx,
  complaintId,
  orderId,
  customerId,
  responseId,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  orderId: string;
  customerId: string;
  responseId: string;
  now: Date;
}) {
  await lockOrder({ tx, orderId });
  const since = new Date(now.getTime() - CAP_WINDOW_DAYS * 86_400_000);
  const earlier = await tx.compensation.count({
    where: { idempotencyKey: { startsWith: "churn-coupon:" }, createdAt: { gte: since }, complaint: { customerId } },
  });
  if (earlier > 0) return;
  if (
    await capExcessFor({ tx, complaintId, customerId, request: { type: "coupon", amountFen: CHURN_COUPON_FEN }, now })
  )
    return;
  const id = randomUUID();
  const amount = fenToYuanString(CHURN_COUPON_FEN);
  const { count } = await tx.compensation.createMany({
    data: [
      {
        id,
        complaintId,
        orderId,
        type: "coupon",
        amount,
        status: "offered",
        validUntil: new Date(now.getTime() + COUPON_VALID_DAYS * 86_400_000),
        idempotencyKey: `churn-coupon:${responseId}`,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  if (!count) return;
  await tx.complaintEvent.createMany({
    data: timelineRows({
      complaintId,
      at: now,
      actor: { type: "system" },
      events: [timelineEvent("churn_coupon", { amountFen: CHURN_COUPON_FEN })],
    }),
  });
  await recordAudit({
    db: tx,
    entry: {
      actor: { type: "system", label: "churn-watch" },
      action: "compensation.churn_coupon",
      target: { type: "compensation", id },
      after: { complaintId, amount, responseId },
    },
  });
}

/**
 * After each survey answer: a customer's third dissatisfied answer in a row (CSAT ≤ 2) opens a
 * callback task for the account manager, offers a ¥10 coupon on the latest complaint and alerts
 * the ops groups (`churn_warning`). Keyed by the answer, so a retried step repeats nothing.
 */
export async function checkChurn({
  db,
  customerId,
  responseId,
  appUrl,
  linkSecret,
  now = new Date(),
}: {
  db: Db;
  customerId: string;
  responseId: string;
  appUrl: string;
  linkSecret: string;
  now?: Date;
}) {
  const recent = await db.surveyResponse.findMany({
    where: { customerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: CHURN_STREAK,
    select: { id: true, csat: true, complaintId: true },
  });
  if (recent[0]?.id !== responseId || !isChurnRisk(recent.map((r) => r.csat)))
    return { churn: false as const, deliveries: [] as { id: string; channelId: string }[] };
  const complaintId = recent[0].complaintId;
  const { customer, order } = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: { customer: { select: { name: true, tier: true } }, order: { select: { id: true } } },
  });
  await db.$transaction(async (tx) => {
    await tx.callbackTask.createMany({
      data: [{ customerId, complaintId, reason: "churn_warning", dedupeKey: `churn:${responseId}` }],
      skipDuplicates: true,
    });
    await offerChurnCoupon({ tx, complaintId, orderId: order.id, customerId, responseId, now });
  });
  const link = workspaceLink({ appUrl, path: `/admin/complaints/${complaintId}`, secret: linkSecret, now });
  const deliveries = await planDeliveries({
    db,
    topic: "churn_warning",
    kinds: ["wecom_robot", "dingtalk_robot"],
    sourceEventId: `churn:${responseId}`,
    complaintId,
    message: (locale) => {
      const t = translatorFor(locale);
      const title = t("notify.churnTitle");
      const text = t("notify.churnText", {
        name: customer.name,
        tier: customer.tier === "vip" ? "VIP" : "",
        count: CHURN_STREAK,
      });
      return {
        title,
        markdown: `### ${title}\n> ${text}\n[${t("notify.open")}](${link})`,
        text: `${title}${t("notify.separator")}${text} ${link}`,
      };
    },
  });
  return { churn: true as const, deliveries };
}
