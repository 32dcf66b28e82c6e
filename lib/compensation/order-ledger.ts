import type { Keyring } from "../crypto/field-encryption";
import type { Prisma } from "../generated/prisma/client";
import type { OrderStatus } from "../generated/prisma/enums";
import { decimalToFen } from "../money";
import { orderAmountFen, STORED_AMOUNT } from "../orders/order-amount";

/** Orders money can still go back on: paid, and not cancelled or refunded by the shop already. */
export const REFUNDABLE_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "shipped", "delivered"];

export type OrderLedger = { orderId: string; status: OrderStatus; amountFen: number; refundedFen: number };

/**
 * The one lock discipline for compensation on an order: every writer of a compensation (staff
 * resolutions, the automatic refund at intake) first locks the order row here, inside its
 * transaction and after the complaint row if it holds one, then reads what was already refunded.
 * Two writers on one order therefore see each other's refunds and can never together pay out
 * more than the order cost. Lock order is always complaint → order → customer (see caps; a re-sent
 * order takes order → customer too, lib/orders/upsert-order.ts). Writers: staff grants
 * (grant-compensation.ts), the automatic refund at intake, the churn coupon (lib/surveys/check-churn.ts).
 */
export async function lockOrderLedger({
  tx,
  orderId,
  keyring,
}: {
  tx: Prisma.TransactionClient;
  orderId: string;
  keyring: Keyring;
}): Promise<OrderLedger> {
  await lockOrder({ tx, orderId });
  // Read after the lock: in READ COMMITTED each statement sees what committed before it started.
  // One after the other: a transaction is one connection, and pg is retiring queued queries.
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, ...STORED_AMOUNT },
  });
  const refunded = await tx.compensation.aggregate({
    where: { orderId, type: "refund", status: { in: ["pending", "succeeded"] } },
    _sum: { amount: true },
  });
  return {
    orderId,
    status: order.status,
    amountFen: orderAmountFen(order, keyring),
    refundedFen: refunded._sum.amount ? decimalToFen(refunded._sum.amount) : 0,
  };
}

/**
 * The order lock alone, for writers that need no amount (a coupon). NO KEY UPDATE: serialises
 * compensation writers. A complaint being filed share-locks its order (the product rollup's
 * trigger, migration 20261203120000), so it waits for a compensation in progress on that order —
 * short transactions — while complaints on the same order do not wait for each other.
 */
export async function lockOrder({ tx, orderId }: { tx: Prisma.TransactionClient; orderId: string }): Promise<void> {
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId}::uuid FOR NO KEY UPDATE`;
}
