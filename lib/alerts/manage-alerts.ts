import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";

export async function listAlerts({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.alerts");
  return db.alert.findMany({ orderBy: [{ status: "asc" }, { lastAt: "desc" }], take: 100 });
}

/** Acknowledged: the key is free again, so the next spike opens (and pushes) a new alert. */
export async function acknowledgeAlert({
  db,
  actor,
  alertId,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  alertId: string;
  now?: Date;
}) {
  assertCan(actor, "alerts.acknowledge");
  return db.$transaction(async (tx) => {
    const { count } = await tx.alert.updateMany({
      where: { id: alertId, status: "open" },
      data: { status: "acknowledged", acknowledgedAt: now, acknowledgedById: actor.id },
    });
    if (count === 0) throw new AppError("not_found");
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "alert.acknowledged",
        target: { type: "alert", id: alertId },
        before: { status: "open" },
        after: { status: "acknowledged" },
      },
    });
  });
}
