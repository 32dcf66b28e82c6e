import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { createH5LinkToken, newH5LinkId, type H5Entry } from "./h5-link";

/**
 * A signed, expiring, single-use link that opens an H5 session for the order's customer, scoped
 * to that order. Audited as `h5.link_issued` (who asked, the order, the entry, the link's jti and
 * expiry — never the token: the audit log is not a place to pick up working links).
 */
export async function issueH5Link({
  db,
  orderNo,
  entry,
  complaintId,
  appUrl,
  secret,
  ttlHours,
  issuedBy,
  via,
  now = new Date(),
}: {
  db: Db;
  orderNo: string;
  entry: H5Entry;
  /** Land on this complaint (result and survey messages); it must be on the order. */
  complaintId?: string;
  appUrl: string;
  secret: string;
  ttlHours: number;
  issuedBy: AuditActor;
  /** How the link leaves Kesu: `shop_api` (the shop shows it), `sms`, `app_push`. */
  via: string;
  now?: Date;
}) {
  const order = await db.order.findUnique({ where: { orderNo }, select: { id: true, customerId: true } });
  if (!order) throw new AppError("order_not_found");
  if (
    complaintId &&
    !(await db.complaint.findFirst({
      where: { id: complaintId, orderId: order.id, customerId: order.customerId },
      select: { id: true },
    }))
  )
    throw new AppError("complaint_not_found");
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  const jti = newH5LinkId();
  const token = createH5LinkToken({
    orderNo,
    customerId: order.customerId,
    entry,
    complaintId,
    expiresAt,
    secret,
    jti,
  });
  await recordAudit({
    db,
    entry: {
      actor: issuedBy,
      action: "h5.link_issued",
      target: { type: "order", id: order.id },
      after: {
        orderNo,
        customerId: order.customerId,
        entry,
        ...(complaintId ? { complaintId } : {}),
        jti,
        expiresAt: expiresAt.toISOString(),
        via,
      },
    },
  });
  return { url: `${appUrl.replace(/\/$/, "")}/h5/enter?t=${token}`, expiresAt };
}

/** The link in a message about a complaint (its result, the survey): lands on the complaint. */
export async function issueComplaintLink({
  db,
  complaintId,
  appUrl,
  secret,
  ttlHours,
  via,
  now,
}: {
  db: Db;
  complaintId: string;
  appUrl: string;
  secret: string;
  ttlHours: number;
  via: string;
  now?: Date;
}) {
  const complaint = await db.complaint.findUnique({
    where: { id: complaintId },
    select: { order: { select: { orderNo: true } } },
  });
  if (!complaint) throw new AppError("complaint_not_found");
  return issueH5Link({
    db,
    orderNo: complaint.order.orderNo,
    entry: "order_detail",
    complaintId,
    appUrl,
    secret,
    ttlHours,
    issuedBy: { type: "system" },
    via,
    now,
  });
}
