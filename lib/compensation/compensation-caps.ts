import type { Prisma } from "../generated/prisma/client";
import { decimalToFen } from "../money";
import { CAP_WINDOW_DAYS, COMPENSATION_LIMITS } from "./compensation-limits";
import { readSetting } from "../app-settings";
import type { CompensationRequest } from "./compensation-rules";

/** What a grant would bring a cap to: in fen for coupons, in points for points. */
export type CapExcess = {
  scope: "complaint" | "customer";
  type: "coupon" | "points";
  cap: number;
  used: number;
  requested: number;
};

// Coupons and points count once offered (claimed later or not); refunds are capped per order.
const COUNTED = ["offered", "claimed", "succeeded", "pending"] as const;

/**
 * Checks a goodwill grant against the per-complaint and per-customer caps. Locks the customer row
 * first (after the complaint and order rows: the one lock order), so two grants to one customer at
 * once cannot both fit under the cap. Answers the first cap it would exceed, or null.
 */
export async function capExcessFor({
  tx,
  complaintId,
  customerId,
  request,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  customerId: string;
  request: CompensationRequest;
  now: Date;
}): Promise<CapExcess | null> {
  if (request.type === "refund") return null;
  await tx.$queryRaw`SELECT id FROM customers WHERE id = ${customerId}::uuid FOR NO KEY UPDATE`;
  const { value: limits } = await readSetting({ db: tx, setting: COMPENSATION_LIMITS });
  const since = new Date(now.getTime() - CAP_WINDOW_DAYS * 86_400_000);
  const onComplaint = await tx.compensation.aggregate({
    where: { complaintId, type: request.type, status: { in: [...COUNTED] } },
    _sum: { amount: true },
  });
  const onCustomer = await tx.compensation.aggregate({
    where: { type: request.type, status: { in: [...COUNTED] }, createdAt: { gte: since }, complaint: { customerId } },
    _sum: { amount: true },
  });
  // Coupons are stored in yuan and compared in fen; points are whole numbers.
  const units = (sum: Prisma.Decimal | null) =>
    sum === null ? 0 : request.type === "coupon" ? decimalToFen(sum) : Number(sum);
  const requested = request.type === "coupon" ? request.amountFen : request.points;
  const caps =
    request.type === "coupon"
      ? { complaint: limits.couponYuanPerComplaint * 100, customer: limits.couponYuanPerCustomer30d * 100 }
      : { complaint: limits.pointsPerComplaint, customer: limits.pointsPerCustomer30d };
  const usedOnComplaint = units(onComplaint._sum.amount);
  if (usedOnComplaint + requested > caps.complaint)
    return { scope: "complaint", type: request.type, cap: caps.complaint, used: usedOnComplaint, requested };
  const usedOnCustomer = units(onCustomer._sum.amount);
  if (usedOnCustomer + requested > caps.customer)
    return { scope: "customer", type: request.type, cap: caps.customer, used: usedOnCustomer, requested };
  return null;
}
