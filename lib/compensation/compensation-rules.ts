export const COUPON_VALID_DAYS = 7;
export const MAX_COUPON_YUAN = 500;
export const MAX_POINTS = 100_000;

/** A compensation offered by staff: refund and coupon in fen, points as a whole number. */
export type CompensationRequest =
  { type: "refund"; amountFen: number } | { type: "coupon"; amountFen: number } | { type: "points"; points: number };

/** Refunds can never exceed what the order cost minus what was already refunded (seed rule). */
export function refundCapFen({ orderAmountFen, refundedFen }: { orderAmountFen: number; refundedFen: number }): number {
  return Math.max(0, orderAmountFen - refundedFen);
}
