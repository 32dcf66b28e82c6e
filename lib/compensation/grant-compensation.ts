import type { Keyring } from "../crypto/field-encryption";
import { AppError } from "../errors";
import { orderAmountFen, STORED_AMOUNT } from "../orders/order-amount";
import type { Prisma } from "../generated/prisma/client";
import { decimalToFen, fenToYuanString, formatYuan } from "../money";
import { COUPON_VALID_DAYS, refundCapFen, type CompensationRequest } from "./compensation-rules";

/**
 * The one gateway through which staff compensation is granted, inside the caller's transaction.
 * Exactly once: the idempotency key is unique, so a retried or doubled request inserts nothing
 * the second time. Refunds lock the order row so two complaints on one order cannot together
 * refund more than it cost. With a shop refund endpoint the refund starts `pending` and is sent
 * after commit (lib/compensation/settle-refund.ts); without one it is recorded as done.
 */
export async function grantCompensation({
  tx,
  complaintId,
  orderId,
  request,
  staffId,
  idempotencyKey,
  shopRefunds,
  keyring,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  orderId: string;
  request: CompensationRequest;
  staffId: string;
  idempotencyKey: string;
  shopRefunds: boolean;
  keyring: Keyring;
  now: Date;
}) {
  const existing = await tx.compensation.findUnique({ where: { idempotencyKey }, select: { id: true, type: true, amount: true, status: true } });
  if (existing) return { ...existing, created: false };

  let amount: string;
  let status: "offered" | "pending" | "succeeded";
  let validUntil: Date | null = null;
  if (request.type === "refund") {
    // The order row lock serialises refunds across complaints on the same order.
    await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: STORED_AMOUNT });
    const refunded = await tx.compensation.aggregate({ where: { orderId, type: "refund", status: { in: ["pending", "succeeded"] } }, _sum: { amount: true } });
    const cap = refundCapFen({ orderAmountFen: orderAmountFen(order, keyring), refundedFen: refunded._sum.amount ? decimalToFen(refunded._sum.amount) : 0 });
    if (request.amountFen > cap) throw new AppError("refund_exceeds_order", { params: { max: formatYuan(cap) }, fields: [{ path: "amount", code: "refund_cap", params: { max: formatYuan(cap) } }] });
    amount = fenToYuanString(request.amountFen);
    status = shopRefunds ? "pending" : "succeeded";
  } else if (request.type === "coupon") {
    amount = fenToYuanString(request.amountFen);
    status = "offered";
    validUntil = new Date(now.getTime() + COUPON_VALID_DAYS * 86_400_000);
  } else {
    amount = String(request.points);
    status = "offered";
  }
  const created = await tx.compensation.create({
    data: { complaintId, orderId, type: request.type, amount, status, validUntil, createdById: staffId, idempotencyKey, createdAt: now },
    select: { id: true, type: true, amount: true, status: true },
  });
  return { ...created, created: true };
}
