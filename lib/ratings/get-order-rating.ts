import { assertOrderInScope, type H5Principal } from "../auth/h5-scope";
import type { Db } from "../db-client";
import { AppError } from "../errors";

/**
 * The H5 rating page's order: in the session's scope and this customer's, with its rating if it
 * has one (and the complaint a low one became).
 */
export async function getOrderRating({ db, principal, orderNo }: { db: Db; principal: H5Principal; orderNo: string }) {
  assertOrderInScope(principal, orderNo);
  const order = await db.order.findFirst({
    where: { orderNo, customerId: principal.customerId },
    select: { orderNo: true, rating: { select: { stars: true, complaintId: true } } },
  });
  if (!order) throw new AppError("order_not_found");
  return order;
}
