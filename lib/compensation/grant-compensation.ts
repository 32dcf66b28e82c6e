import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import type { StaffActor } from "../auth/staff-actor";
import type { Keyring } from "../crypto/field-encryption";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { fenToYuanString, formatYuan } from "../money";
import { capExcessFor, type CapExcess } from "./compensation-caps";
import { COUPON_VALID_DAYS, refundCapFen, type CompensationRequest } from "./compensation-rules";
import { lockOrderLedger, REFUNDABLE_ORDER_STATUSES } from "./order-ledger";

/**
 * The one gateway through which staff compensation is granted, inside the caller's transaction
 * (which holds the complaint row). Exactly once: the idempotency key is unique, so a retried or
 * doubled request inserts nothing the second time. Every grant takes the order lock
 * (lib/compensation/order-ledger.ts), refunds stay within what the order cost and only on paid
 * orders, and coupons and points within the caps unless a supervisor overrides them with a
 * reason (audited). With a shop refund endpoint the refund starts `pending` and is sent after
 * commit (lib/compensation/settle-refund.ts); without one it is recorded as done.
 */
export async function grantCompensation({
  tx,
  complaintId,
  orderId,
  customerId,
  request,
  actor,
  capOverrideReason,
  idempotencyKey,
  shopRefunds,
  keyring,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  orderId: string;
  customerId: string;
  request: CompensationRequest;
  actor: StaffActor;
  capOverrideReason?: string;
  idempotencyKey: string;
  shopRefunds: boolean;
  keyring: Keyring;
  now: Date;
}) {
  const existing = await tx.compensation.findUnique({
    where: { idempotencyKey },
    select: { id: true, type: true, amount: true, status: true },
  });
  if (existing) return { ...existing, created: false };

  const ledger = await lockOrderLedger({ tx, orderId, keyring });
  let amount: string;
  let status: "offered" | "pending" | "succeeded";
  let validUntil: Date | null = null;
  let excess: CapExcess | null = null;
  if (request.type === "refund") {
    if (!REFUNDABLE_ORDER_STATUSES.includes(ledger.status))
      throw new AppError("order_not_refundable", {
        params: { status: ledger.status },
        fields: [{ path: "amount", code: "order_not_refundable" }],
      });
    const cap = refundCapFen({ orderAmountFen: ledger.amountFen, refundedFen: ledger.refundedFen });
    if (request.amountFen > cap)
      throw new AppError("refund_exceeds_order", {
        params: { max: formatYuan(cap) },
        fields: [{ path: "amount", code: "refund_cap", params: { max: formatYuan(cap) } }],
      });
    amount = fenToYuanString(request.amountFen);
    status = shopRefunds ? "pending" : "succeeded";
  } else {
    excess = await capExcessFor({ tx, complaintId, customerId, request, now });
    if (excess && !(can(actor.role, "compensation.override_cap") && capOverrideReason))
      throw capError(excess, can(actor.role, "compensation.override_cap"));
    amount = request.type === "coupon" ? fenToYuanString(request.amountFen) : String(request.points);
    status = "offered";
    if (request.type === "coupon") validUntil = new Date(now.getTime() + COUPON_VALID_DAYS * 86_400_000);
  }
  const created = await tx.compensation.create({
    data: {
      complaintId,
      orderId,
      type: request.type,
      amount,
      status,
      validUntil,
      createdById: actor.id,
      idempotencyKey,
      createdAt: now,
    },
    select: { id: true, type: true, amount: true, status: true },
  });
  if (excess) {
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "compensation.cap_override",
        target: { type: "compensation", id: created.id },
        after: {
          complaintId,
          type: request.type,
          amount,
          scope: excess.scope,
          cap: capText(excess, excess.cap),
          usedBefore: capText(excess, excess.used),
          reason: capOverrideReason ?? "",
        },
      },
    });
  }
  return { ...created, created: true };
}

function capText(excess: CapExcess, units: number): string {
  return excess.type === "coupon" ? formatYuan(units) : String(units);
}

function capError(excess: CapExcess, mayOverride: boolean) {
  const left = capText(excess, Math.max(0, excess.cap - excess.used));
  const params = { left, cap: capText(excess, excess.cap) };
  return new AppError(excess.scope === "complaint" ? "compensation_cap_complaint" : "compensation_cap_customer", {
    params,
    fields: [
      {
        path: mayOverride ? "capOverrideReason" : "amount",
        code: mayOverride ? "cap_override_reason" : "compensation_cap",
        params,
      },
    ],
  });
}
