import type { Db } from "../db/create-client";
import { COUPON_VALID_DAYS } from "../compensation/compensation-rules";
import { DEFAULT_LOCALE } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { fenToYuanString } from "../money";
import { planDeliveries } from "../notify/plan-deliveries";
import { workspaceLink } from "../notify/workspace-link";
import { CHURN_STREAK, isChurnRisk } from "./survey-rules";

export const CHURN_COUPON_FEN = 1000;

/**
 * After each survey answer: a customer's third dissatisfied answer in a row (CSAT ≤ 2) opens a
 * callback task for the account manager, offers a ¥10 coupon on the latest complaint and alerts
 * the ops groups (`churn_warning`). Keyed by the answer, so a retried step repeats nothing.
 */
export async function checkChurn({ db, customerId, responseId, appUrl, linkSecret, now = new Date() }: { db: Db; customerId: string; responseId: string; appUrl: string; linkSecret: string; now?: Date }) {
  const recent = await db.surveyResponse.findMany({ where: { customerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: CHURN_STREAK, select: { id: true, csat: true, complaintId: true } });
  if (recent[0]?.id !== responseId || !isChurnRisk(recent.map((r) => r.csat))) return { churn: false as const, deliveries: [] as { id: string; channelId: string }[] };
  const complaintId = recent[0].complaintId;
  const { customer, order } = await db.complaint.findUniqueOrThrow({ where: { id: complaintId }, select: { customer: { select: { name: true, tier: true } }, order: { select: { id: true } } } });
  await db.$transaction(async (tx) => {
    await tx.callbackTask.createMany({ data: [{ customerId, complaintId, reason: "churn_warning", dedupeKey: `churn:${responseId}` }], skipDuplicates: true });
    const { count } = await tx.compensation.createMany({
      data: [{ complaintId, orderId: order.id, type: "coupon", amount: fenToYuanString(CHURN_COUPON_FEN), status: "offered", validUntil: new Date(now.getTime() + COUPON_VALID_DAYS * 86_400_000), idempotencyKey: `churn-coupon:${responseId}` }],
      skipDuplicates: true,
    });
    if (count) await tx.complaintEvent.create({ data: { complaintId, at: now, actorType: "system", kind: "churn_coupon", customerVisible: true, payload: { amountFen: CHURN_COUPON_FEN } } });
  });
  const t = translatorFor(DEFAULT_LOCALE);
  const title = t("notify.churnTitle");
  const text = t("notify.churnText", { name: customer.name, tier: customer.tier === "vip" ? "VIP" : "", count: CHURN_STREAK });
  const link = workspaceLink({ appUrl, path: `/admin/complaints/${complaintId}`, secret: linkSecret, now });
  const deliveries = await planDeliveries({ db, topic: "churn_warning", kinds: ["wecom_robot", "dingtalk_robot"], sourceEventId: `churn:${responseId}`, complaintId, message: { title, markdown: `### ${title}\n> ${text}\n[${t("notify.open")}](${link})`, text: `${title}｜${text} ${link}` } });
  return { churn: true as const, deliveries };
}
