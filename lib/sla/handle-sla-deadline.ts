import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db/create-client";
import type { Prisma } from "../generated/prisma/client";
import { enqueueEvent } from "../outbox/enqueue-event";

/** The least-loaded active colleague of a role in the group (fewest open complaints assigned). */
async function leastLoaded({ tx, role, groupId }: { tx: Prisma.TransactionClient; role: "expert" | "supervisor"; groupId: string }) {
  const [inGroup] = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT s.id, s.name FROM staff_users s
    JOIN staff_group_members m ON m.staff_id = s.id AND m.group_id = ${groupId}::uuid
    WHERE s.active AND s.role = ${role}::"StaffRole"
    ORDER BY (SELECT count(*) FROM complaints c WHERE c.assignee_id = s.id AND c.status IN ('new', 'processing', 'waiting_customer')), s.created_at
    LIMIT 1`;
  return inGroup ?? null;
}

/**
 * At the deadline: if it is still the running one and has passed, the complaint is breached and
 * escalated — first breach from L1 to the group's expert on duty (least loaded), a second breach
 * to a supervisor — reassigned, put on the internal timeline and in the audit log, and announced
 * (`kesu/complaint.sla_breached`) for notifications and alerts. Idempotent per deadline.
 */
export async function handleSlaDeadline({ db, complaintId, dueAt, now = new Date() }: { db: Db; complaintId: string; dueAt: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM complaints WHERE id = ${complaintId}::uuid FOR UPDATE`;
    const complaint = await tx.complaint.findUnique({
      where: { id: complaintId },
      select: { slaDueAt: true, slaBreachCount: true, escalationLevel: true, assigneeId: true, groupId: true, firstRespondedAt: true, version: true },
    });
    const due = new Date(dueAt);
    if (!complaint?.slaDueAt || complaint.slaDueAt.getTime() !== due.getTime()) return { outcome: "moved" as const };
    if (now < due) return { outcome: "early" as const };
    const handled = await tx.complaintEvent.findFirst({ where: { complaintId, kind: "sla_breached", payload: { path: ["dueAt"], equals: due.toISOString() } }, select: { id: true } });
    if (handled) return { outcome: "already" as const };

    const kind = complaint.firstRespondedAt ? "resolution" : "first_response";
    const toSupervisor = complaint.escalationLevel >= 1;
    const target = toSupervisor
      ? ((await leastLoaded({ tx, role: "supervisor", groupId: complaint.groupId })) ?? (await tx.staffUser.findFirst({ where: { role: "supervisor", active: true }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } })))
      : ((await leastLoaded({ tx, role: "expert", groupId: complaint.groupId })) ?? (await leastLoaded({ tx, role: "supervisor", groupId: complaint.groupId })));
    const escalationLevel = toSupervisor ? 2 : 1;
    const updated = await tx.complaint.update({
      where: { id: complaintId },
      data: { slaBreachCount: { increment: 1 }, slaBreachedAt: now, escalationLevel, assigneeId: target?.id ?? complaint.assigneeId, version: { increment: 1 } },
      select: { slaBreachCount: true, assigneeId: true, version: true },
    });
    const facts = { kind, dueAt: due.toISOString(), escalationLevel, toName: target?.name ?? null, breachCount: updated.slaBreachCount };
    await tx.complaintEvent.create({ data: { complaintId, at: now, actorType: "system", kind: "sla_breached", customerVisible: false, payload: facts } });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "system", label: "sla-timer" },
        action: "sla.breach_escalation",
        target: { type: "complaint", id: complaintId },
        before: { assigneeId: complaint.assigneeId, escalationLevel: complaint.escalationLevel, version: complaint.version },
        after: { assigneeId: updated.assigneeId, escalationLevel, version: updated.version, kind, dueAt: facts.dueAt },
      },
    });
    await enqueueEvent({ tx, name: "kesu/complaint.sla_breached", aggregateId: complaintId, data: { complaintId, kind, dueAt: facts.dueAt, assigneeId: updated.assigneeId, groupId: complaint.groupId, escalationLevel, breachCount: updated.slaBreachCount } });
    return { outcome: "breached" as const, escalatedTo: target?.id ?? null, escalationLevel };
  });
}
