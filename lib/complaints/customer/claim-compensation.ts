import { recordAudit } from "../../audit/record-audit";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { enqueueEvent } from "../../outbox/enqueue-event";
import { timelineEvent, timelineRows } from "../vocabulary/timeline-events";

/**
 * 立即领取: the customer claims an offered coupon or points. Idempotent: claiming twice (or from
 * two tabs at once) claims once and both calls succeed.
 */
export async function claimCompensation({
  db,
  customerId,
  compensationId,
  now = new Date(),
}: {
  db: Db;
  customerId: string;
  compensationId: string;
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    const owned = { id: compensationId, complaint: { customerId } };
    const { count } = await tx.compensation.updateMany({
      where: {
        ...owned,
        status: "offered",
        type: { in: ["coupon", "points"] },
        OR: [{ validUntil: null }, { validUntil: { gt: now } }],
      },
      data: { status: "claimed", claimedAt: now },
    });
    const compensation = await tx.compensation.findFirst({
      where: owned,
      select: {
        id: true,
        complaintId: true,
        type: true,
        amount: true,
        status: true,
        validUntil: true,
        claimedAt: true,
      },
    });
    if (!compensation) throw new AppError("compensation_not_found");
    if (count === 0) {
      if (compensation.status === "claimed") return { ...compensation, claimedNow: false };
      if (compensation.status === "offered" && compensation.validUntil && compensation.validUntil <= now)
        throw new AppError("compensation_expired");
      throw new AppError("compensation_not_found");
    }
    await tx.complaintEvent.createMany({
      data: timelineRows({
        complaintId: compensation.complaintId,
        at: now,
        actor: { type: "customer", id: customerId },
        events: [
          timelineEvent("compensation_claimed", { type: compensation.type, amount: compensation.amount.toString() }),
        ],
      }),
    });
    await enqueueEvent({
      tx,
      name: "kesu/compensation.claimed",
      aggregateId: compensation.complaintId,
      data: {
        complaintId: compensation.complaintId,
        compensationId: compensation.id,
        type: compensation.type,
        status: "claimed",
      },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "customer", id: customerId },
        action: "compensation.claim",
        target: { type: "compensation", id: compensation.id },
        before: { status: "offered" },
        after: { status: "claimed" },
      },
    });
    return { ...compensation, claimedNow: true };
  });
}
