import { applyComplaintChange } from "../complaints/apply-change";
import { ESCALATION_LEVELS } from "../complaints/vocabulary/terms";
import { timelineEvent } from "../complaints/vocabulary/timeline-events";
import type { Db } from "../db-client";
import { isAppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { runningSlaKind } from "./sla-clock";
import { expertOnDuty } from "../staff/handling-groups";

/** The least-loaded active colleague of a role in the group (fewest open complaints assigned). */
async function leastLoaded({
  tx,
  role,
  groupId,
}: {
  tx: Prisma.TransactionClient;
  role: "expert" | "supervisor";
  groupId: string;
}) {
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
 * escalated — first breach from L1 to the group's expert on duty (named on the team page, else its
 * least loaded expert), a second breach
 * to a supervisor — reassigned, put on the internal timeline and in the audit log, and announced
 * (`kesu/complaint.sla_breached`) for notifications and alerts. A complaint change like any
 * other (action `sla_breach`, lib/complaints/apply-change.ts). Idempotent per deadline.
 */
export async function handleSlaDeadline({
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
  const due = new Date(dueAt);
  let escalatedTo: string | null = null;
  let escalationLevel: number = ESCALATION_LEVELS.l1;
  try {
    const outcome = await applyComplaintChange({
      db,
      actor: { kind: "system", label: "sla-timer" },
      complaintId,
      action: "sla_breach",
      now,
      precondition: async ({ tx, complaint }) => {
        if (!complaint.slaDueAt || complaint.slaDueAt.getTime() !== due.getTime()) return "moved" as const;
        if (now < due) return "early" as const;
        const handled = await tx.complaintEvent.findFirst({
          where: { complaintId, kind: "sla_breached", payload: { path: ["dueAt"], equals: due.toISOString() } },
          select: { id: true },
        });
        return handled ? ("already" as const) : null;
      },
      change: async ({ tx, complaint }) => {
        const kind = runningSlaKind(complaint);
        const toSupervisor = complaint.escalationLevel >= ESCALATION_LEVELS.l2;
        const target = toSupervisor
          ? ((await leastLoaded({ tx, role: "supervisor", groupId: complaint.groupId })) ??
            (await tx.staffUser.findFirst({
              where: { role: "supervisor", active: true },
              orderBy: { createdAt: "asc" },
              select: { id: true, name: true },
            })))
          : ((await expertOnDuty({ tx, groupId: complaint.groupId })) ??
            (await leastLoaded({ tx, role: "expert", groupId: complaint.groupId })) ??
            (await leastLoaded({ tx, role: "supervisor", groupId: complaint.groupId })));
        escalationLevel = toSupervisor ? ESCALATION_LEVELS.supervisor : ESCALATION_LEVELS.l2;
        escalatedTo = target?.id ?? null;
        const breachCount = complaint.slaBreachCount + 1;
        const facts = {
          kind,
          dueAt: due.toISOString(),
          escalationLevel,
          toName: target?.name ?? null,
          breachCount,
        } as const;
        return {
          data: {
            slaBreachCount: breachCount,
            slaBreachedAt: now,
            escalationLevel,
            assigneeId: target?.id ?? complaint.assigneeId,
          },
          events: [timelineEvent("sla_breached", facts)],
          audit: { kind, dueAt: facts.dueAt },
          announce: { kind, dueAt: facts.dueAt, groupId: complaint.groupId, breachCount },
        };
      },
    });
    if (outcome.skipped) return { outcome: outcome.skipped };
  } catch (error) {
    // Gone, resolved or closed meanwhile: no running deadline is left to breach.
    if (isAppError(error) && (error.code === "illegal_transition" || error.code === "complaint_not_found"))
      return { outcome: "moved" as const };
    throw error;
  }
  return { outcome: "breached" as const, escalatedTo, escalationLevel };
}
