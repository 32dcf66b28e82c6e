import { recordAudit } from "../audit/record-audit";
import { complaintScope } from "../complaints/staff-scope";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { sessionEnded } from "./h5-session-store";
import { assertCan, type StaffActor } from "./staff-actor";

export type H5SessionState = "active" | "idle" | "expired" | "revoked" | "superseded" | "switched";

const SHOWN = 20;

async function customerOfComplaint({ db, actor, complaintId }: { db: Db; actor: StaffActor; complaintId: string }) {
  const complaint = await db.complaint.findFirst({
    where: { id: complaintId, ...complaintScope(actor) },
    select: { customerId: true },
  });
  if (!complaint) throw new AppError("complaint_not_found");
  return complaint.customerId;
}

/**
 * The H5 sessions of a complaint's customer, newest first (the last 20): when, from what
 * (browser, network), for which orders, and whether they still count — for spotting a forwarded
 * link and ending it.
 */
export async function listCustomerH5Sessions({
  db,
  actor,
  complaintId,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  now?: Date;
}) {
  assertCan(actor, "customer.sessions");
  const customerId = await customerOfComplaint({ db, actor, complaintId });
  const rows = await db.h5Session.findMany({
    where: { customerId },
    orderBy: { createdAt: "desc" },
    take: SHOWN,
    select: {
      id: true,
      orderNos: true,
      entry: true,
      complaintId: true,
      createdAt: true,
      lastSeenAt: true,
      idleTimeoutSeconds: true,
      expiresAt: true,
      revokedAt: true,
      revokedReason: true,
      revokedBy: { select: { name: true } },
      userAgent: true,
      network: true,
    },
  });
  return rows.map(({ revokedBy, idleTimeoutSeconds, ...row }) => {
    const ended = sessionEnded({ ...row, idleTimeoutSeconds }, now);
    const state: H5SessionState =
      ended === null
        ? "active"
        : ended === "revoked"
          ? row.revokedReason === "superseded" || row.revokedReason === "switched"
            ? row.revokedReason
            : "revoked"
          : ended;
    return { ...row, state, revokedByName: revokedBy?.name ?? null };
  });
}

/**
 * Ends one of the customer's sessions now: its next request is signed out. Audited as
 * `h5.session_revoked` in the same transaction.
 */
export async function revokeH5Session({
  db,
  actor,
  complaintId,
  sessionId,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  sessionId: string;
  now?: Date;
}) {
  assertCan(actor, "customer.sessions");
  const customerId = await customerOfComplaint({ db, actor, complaintId });
  return db.$transaction(async (tx) => {
    const { count } = await tx.h5Session.updateMany({
      where: { id: sessionId, customerId, revokedAt: null },
      data: { revokedAt: now, revokedById: actor.id, revokedReason: "staff" },
    });
    if (count === 0) throw new AppError("h5_session_not_found");
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "h5.session_revoked",
        target: { type: "h5_session", id: sessionId },
        before: { revoked: false },
        after: { revoked: true, customerId, complaintId },
      },
    });
    return { revoked: true };
  });
}
