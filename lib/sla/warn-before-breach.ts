import type { Db } from "../db-client";
import { enqueueEvent } from "../outbox/enqueue-event";
import { timelineEvent, timelineRows } from "../complaints/vocabulary/timeline-events";
import { runningSlaKind } from "./sla-clock";

/**
 * The pre-breach warning: an internal timeline entry and a `kesu/complaint.sla_warning` event
 * (the notification workflow tells the assignee and the group). Only while this deadline is still
 * the running one, and once per deadline, however often the step is retried.
 */
export async function warnBeforeBreach({
  db,
  complaintId,
  dueAt,
  now = new Date(),
}: {
  db: Db;
  complaintId: string;
  dueAt: string;
  now?: Date;
}) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM complaints WHERE id = ${complaintId}::uuid FOR UPDATE`;
    const complaint = await tx.complaint.findUnique({
      where: { id: complaintId },
      select: { slaDueAt: true, assigneeId: true, groupId: true, firstRespondedAt: true },
    });
    const due = new Date(dueAt).toISOString();
    if (!complaint?.slaDueAt || complaint.slaDueAt.toISOString() !== due)
      return { warned: false, reason: "moved" as const };
    const already = await tx.complaintEvent.findFirst({
      where: { complaintId, kind: "sla_warning", payload: { path: ["dueAt"], equals: due } },
      select: { id: true },
    });
    if (already) return { warned: false, reason: "already" as const };
    const kind = runningSlaKind(complaint);
    const minutesLeft = Math.max(0, Math.round((complaint.slaDueAt.getTime() - now.getTime()) / 60_000));
    await tx.complaintEvent.createMany({
      data: timelineRows({
        complaintId,
        at: now,
        actor: { type: "system" },
        events: [timelineEvent("sla_warning", { dueAt: due, kind, minutesLeft })],
      }),
    });
    await enqueueEvent({
      tx,
      name: "kesu/complaint.sla_warning",
      aggregateId: complaintId,
      data: {
        complaintId,
        kind,
        dueAt: due,
        assigneeId: complaint.assigneeId,
        groupId: complaint.groupId,
        minutesLeft,
      },
    });
    return { warned: true, minutesLeft };
  });
}
