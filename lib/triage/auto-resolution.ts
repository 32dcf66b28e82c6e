import type { Category } from "../complaints/vocabulary/taxonomy";
import type { OrderStatus } from "../generated/prisma/enums";

/** Seed rule: out of stock on an order under ¥50 → refund the order amount at once. */
const AUTO_REFUND_LIMIT_FEN = 50_00;
/** The rule's name, on the refund's audit entry and the complaint's timeline. */
export const AUTO_REFUND_RULE = "out_of_stock_under_50";

/**
 * Only orders the customer paid for and the shop sent (or delivered) qualify: a pending (unpaid),
 * cancelled or already refunded order has no money to give back automatically.
 */
const AUTO_REFUND_ORDER_STATUSES: readonly OrderStatus[] = ["shipped", "delivered"];

export type AutoResolution = { type: "refund"; amountFen: number } | null;

export function autoResolutionFor({
  category,
  orderStatus,
  orderAmountFen,
  refundedFen,
}: {
  category: Category;
  orderStatus: OrderStatus;
  orderAmountFen: number;
  refundedFen: number;
}): AutoResolution {
  if (category !== "product.out_of_stock") return null;
  if (!AUTO_REFUND_ORDER_STATUSES.includes(orderStatus)) return null;
  if (orderAmountFen >= AUTO_REFUND_LIMIT_FEN) return null;
  const amountFen = orderAmountFen - refundedFen;
  return amountFen > 0 ? { type: "refund", amountFen } : null;
}
