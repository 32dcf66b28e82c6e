import type { Category } from "../complaints/taxonomy";

/** Seed rule: out of stock on an order under ¥50 → refund the order amount at once. */
export const AUTO_REFUND_LIMIT_FEN = 50_00;

export type AutoResolution = { type: "refund"; amountFen: number } | null;

export function autoResolutionFor({
  category,
  orderAmountFen,
  refundedFen,
}: {
  category: Category;
  orderAmountFen: number;
  refundedFen: number;
}): AutoResolution {
  if (category !== "product.out_of_stock") return null;
  if (orderAmountFen >= AUTO_REFUND_LIMIT_FEN) return null;
  const amountFen = orderAmountFen - refundedFen;
  return amountFen > 0 ? { type: "refund", amountFen } : null;
}
