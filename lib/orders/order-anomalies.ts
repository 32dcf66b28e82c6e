import type { Category } from "../complaints/vocabulary/taxonomy";

/** What can be wrong with an order before the customer says so (seed 000's context triggers). */
export type OrderAnomaly = "delivery_overdue" | "out_of_stock" | "payment_failed";

/** The fast lane each one opens: the complaint form with the matching type chosen. */
export const FAST_LANE: Record<OrderAnomaly, Category> = {
  delivery_overdue: "delivery.late",
  out_of_stock: "product.out_of_stock",
  payment_failed: "order.payment",
};

type OrderFacts = {
  status: string;
  promisedAt: Date | null;
  deliveredAt: Date | null;
  paymentFailed: boolean;
  items: { outOfStock: boolean }[];
};

/**
 * The anomalies of an order now: delivered after the promised time, or not delivered and the
 * promised time passed (not for a cancelled or refunded order: nothing is coming); an item the
 * shop could not supply; a failed payment.
 */
export function orderAnomalies({ order, now = new Date() }: { order: OrderFacts; now?: Date }): OrderAnomaly[] {
  const found: OrderAnomaly[] = [];
  const stopped = order.status === "cancelled" || order.status === "refunded";
  if (order.promisedAt && !stopped) {
    const arrival = order.deliveredAt ?? (order.status === "delivered" ? null : now);
    if (arrival && arrival.getTime() > order.promisedAt.getTime()) found.push("delivery_overdue");
  }
  if (order.items.some((item) => item.outOfStock)) found.push("out_of_stock");
  if (order.paymentFailed) found.push("payment_failed");
  return found;
}
