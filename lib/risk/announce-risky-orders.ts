import type { Db } from "../db-client";
import type { Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { planDeliveries } from "../notify/plan-deliveries";
import { workspaceLink } from "../notify/workspace-link";
import { readSetting } from "../app-settings";
import { LABEL_DAYS } from "./order-facts";
import { RISK_WARNING } from "./risk-warnings";

const ROBOTS = ["wecom_robot", "dingtalk_robot"] as const;
/** At most this many orders per message: a robot message is read on a phone. */
const PER_MESSAGE = 10;

/** Deliveries of `order_risk` planned and not yet sent (the delivery function sends each once). */
function pendingDeliveries(db: Pick<Db, "notificationDelivery">) {
  return db.notificationDelivery.findMany({
    where: { topic: "order_risk", status: "pending" },
    select: { id: true, channelId: true },
    take: 100,
  });
}

/**
 * Tells the robots subscribed to `order_risk` about orders that crossed the threshold and have not
 * been announced: one message per run listing them, riskiest first. Each order is marked in the
 * transaction that plans the message, so a retried step announces nothing twice and nothing is
 * marked without being told. Run by the `order-risk-watch` workflow.
 */
export async function announceRiskyOrders({
  db,
  now = new Date(),
  appUrl,
  linkSecret,
}: {
  db: Db;
  now?: Date;
  appUrl: string;
  linkSecret: string;
}) {
  // Nobody listens: nothing is marked, so the orders are told once a robot subscribes.
  const listening = await db.notificationChannel.count({
    where: { enabled: true, topics: { has: "order_risk" }, kind: { in: [...ROBOTS] } },
  });
  if (!listening) return { announced: 0, deliveries: await pendingDeliveries(db) };
  const { threshold } = (await readSetting({ db, setting: RISK_WARNING })).value;
  const link = workspaceLink({ appUrl, path: "/admin/risk", secret: linkSecret });
  return db.$transaction(async (tx) => {
    const orders = await tx.order.findMany({
      where: {
        riskScore: { gte: threshold },
        riskNotifiedAt: null,
        placedAt: { gte: new Date(now.getTime() - LABEL_DAYS * 86_400_000) },
        status: { not: "cancelled" },
        complaints: { none: {} },
      },
      orderBy: [{ riskScore: "desc" }, { id: "asc" }],
      take: PER_MESSAGE,
      select: { id: true, orderNo: true, region: true, riskScore: true },
    });
    // Nothing new: hand back what an earlier, interrupted run planned but did not send (its step
    // result lost after the commit), so a retried step still sends it.
    if (!orders.length) return { announced: 0, deliveries: await pendingDeliveries(tx) };
    const { count } = await tx.order.updateMany({
      where: { id: { in: orders.map((o) => o.id) }, riskNotifiedAt: null },
      data: { riskNotifiedAt: now },
    });
    // Another run claimed some of them first: this transaction rolls back and the step is retried.
    if (count !== orders.length) throw new Error("risk_announce_race");
    const message = (locale: Locale) => {
      const t = translatorFor(locale);
      const format = new Intl.NumberFormat(locale, { style: "percent" });
      const title = t("risk.robotTitle", { count: orders.length });
      const lines = orders.map((o) =>
        t("risk.robotLine", { orderNo: o.orderNo, region: o.region, score: format.format(o.riskScore ?? 0) }),
      );
      return {
        title,
        markdown: `### ${title}\n${lines.map((l) => `> ${l}`).join("\n")}\n[${t("risk.open")}](${link})`,
        text: `${title}${t("notify.separator")}${lines.join("; ")} ${link}`,
      };
    };
    const deliveries = await planDeliveries({
      db: tx,
      topic: "order_risk",
      kinds: [...ROBOTS],
      sourceEventId: `order-risk:${orders.map((o) => o.id).join(",")}`,
      complaintId: null,
      message,
    });
    return { announced: orders.length, deliveries };
  });
}
