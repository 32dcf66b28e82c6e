import { slaPolicyFor } from "./sla-policy-for";
import type { Db } from "../db-client";

/**
 * When to warn and when the deadline falls, for a deadline announced by a
 * `kesu/complaint.sla_scheduled` event; null when that deadline is no longer the running one
 * (the complaint was answered, paused, resolved, or its deadline moved), so the timer stops.
 */
export async function planSlaTimer({
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
  const complaint = await db.complaint.findUnique({
    where: { id: complaintId },
    select: { slaDueAt: true, priority: true, group: { select: { code: true } } },
  });
  if (!complaint?.slaDueAt || complaint.slaDueAt.toISOString() !== new Date(dueAt).toISOString()) return null;
  const policy = await slaPolicyFor({ db, priority: complaint.priority, groupCode: complaint.group.code });
  const due = complaint.slaDueAt.getTime();
  const warnAt = Math.max(now.getTime(), due - policy.warnBeforeMinutes * 60_000);
  return { warnAt: new Date(warnAt).toISOString(), dueAt: complaint.slaDueAt.toISOString() };
}
