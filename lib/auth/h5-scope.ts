import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { H5Entry } from "./h5-link";

/**
 * What an H5 session may see: the orders of the links that opened it (a link is for one order),
 * and on them this customer's complaints, their photos and compensations. Not the customer's
 * other orders: a forwarded link must not be a key to everything the customer ever bought.
 * `entry` and `complaintId` record what the first link was for (shown to staff).
 */
export type H5Scope = { orderNos: readonly string[]; entry: H5Entry; complaintId: string | null };

/** Who is asking on H5: the customer, within the session's scope. */
export type H5Principal = { customerId: string; orderNos: readonly string[] };

export function isOrderInScope(principal: Pick<H5Principal, "orderNos">, orderNo: string): boolean {
  return principal.orderNos.includes(orderNo);
}

/** The customer's own order, but not one this session was opened for. */
export function assertOrderInScope(principal: H5Principal, orderNo: string): void {
  if (!isOrderInScope(principal, orderNo)) throw new AppError("order_out_of_scope");
}

/**
 * The complaints an H5 session sees; every customer-side complaint query puts this in its `where`.
 * The order must still be this customer's: when the shop moves an order to another customer,
 * sessions opened for it lose it at once.
 */
export function h5ComplaintScope(principal: H5Principal): Prisma.ComplaintWhereInput {
  return {
    customerId: principal.customerId,
    order: { orderNo: { in: [...principal.orderNos] }, customerId: principal.customerId },
  };
}

/**
 * For the customer's actions on a complaint (answer, confirm, reject, survey): outside the scope
 * it does not exist, exactly as someone else's complaint does not.
 */
export async function assertComplaintInScope({
  db,
  principal,
  complaintId,
}: {
  db: Db;
  principal: H5Principal;
  complaintId: string;
}): Promise<void> {
  const found = await db.complaint.findFirst({
    where: { id: complaintId, ...h5ComplaintScope(principal) },
    select: { id: true },
  });
  if (!found) throw new AppError("complaint_not_found");
}

/** Claiming compensation: it must belong to a complaint in scope. */
export async function assertCompensationInScope({
  db,
  principal,
  compensationId,
  complaintId,
}: {
  db: Db;
  principal: H5Principal;
  compensationId: string;
  complaintId?: string;
}): Promise<void> {
  const found = await db.compensation.findFirst({
    where: { id: compensationId, ...(complaintId ? { complaintId } : {}), complaint: h5ComplaintScope(principal) },
    select: { id: true },
  });
  if (!found) throw new AppError("compensation_not_found");
}
