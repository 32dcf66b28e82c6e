import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db-client";
import { enqueueEvent } from "../outbox/enqueue-event";
import type { ShopRefundClient } from "./shop-refund-client";
import { timelineEvent, timelineRows } from "../complaints/vocabulary/timeline-events";

/**
 * Sends a pending refund to the shop and records the answer. Safe to call again (after a crash,
 * from a retry job): the shop sees the same idempotency key, and only a still-pending refund is
 * updated. A refund the shop could not be reached for stays pending, with the error kept.
 */
export async function settleRefund({
  db,
  client,
  compensationId,
}: {
  db: Db;
  client: ShopRefundClient;
  compensationId: string;
}) {
  const refund = await db.compensation.findFirst({
    where: { id: compensationId, type: "refund", status: "pending" },
    select: { id: true, idempotencyKey: true, amount: true, complaintId: true, order: { select: { orderNo: true } } },
  });
  if (!refund) return null;
  const outcome = await client.refund({
    idempotencyKey: refund.idempotencyKey,
    orderNo: refund.order.orderNo,
    amount: refund.amount.toFixed(2),
    complaintId: refund.complaintId,
    compensationId: refund.id,
  });
  return db.$transaction(async (tx) => {
    const status = outcome.ok ? "succeeded" : outcome.retryable ? "pending" : "failed";
    const { count } = await tx.compensation.updateMany({
      where: { id: refund.id, status: "pending" },
      data: {
        status,
        attempts: { increment: 1 },
        ...(outcome.ok ? { externalRef: outcome.refundId, lastError: null } : { lastError: outcome.error }),
      },
    });
    if (count === 0 || status === "pending") return status;
    if (outcome.ok) {
      await tx.complaintEvent.createMany({
        data: timelineRows({
          complaintId: refund.complaintId,
          at: new Date(),
          actor: { type: "shop" },
          events: [timelineEvent("refund_completed", { amount: refund.amount.toFixed(2) })],
        }),
      });
    }
    await enqueueEvent({
      tx,
      name: "kesu/compensation.refund_settled",
      aggregateId: refund.complaintId,
      data: { complaintId: refund.complaintId, compensationId: refund.id, type: "refund", status },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "system" },
        action: outcome.ok ? "compensation.refund_succeeded" : "compensation.refund_failed",
        target: { type: "compensation", id: refund.id },
        before: { status: "pending" },
        after: { status, ...(outcome.ok ? { refundId: outcome.refundId } : { error: outcome.error }) },
      },
    });
    return status;
  });
}
