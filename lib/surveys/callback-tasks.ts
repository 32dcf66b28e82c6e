import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";

/** Open callback tasks first, then the recently done ones, for the account managers. */
export async function listCallbackTasks({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.callbacks");
  return db.callbackTask.findMany({
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: 100,
    select: {
      id: true,
      reason: true,
      status: true,
      createdAt: true,
      doneAt: true,
      complaintId: true,
      customer: { select: { name: true, tier: true, region: true } },
    },
  });
}

export async function completeCallbackTask({ db, actor, taskId }: { db: Db; actor: StaffActor; taskId: string }) {
  assertCan(actor, "callbacks.complete");
  return db.$transaction(async (tx) => {
    const { count } = await tx.callbackTask.updateMany({
      where: { id: taskId, status: "open" },
      data: { status: "done", doneAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found");
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "callback.completed",
        target: { type: "callback_task", id: taskId },
        before: { status: "open" },
        after: { status: "done" },
      },
    });
  });
}
