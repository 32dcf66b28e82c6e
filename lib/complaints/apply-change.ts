import { slaPolicyFor } from "../sla/sla-policy-for";
import type { SlaPolicyMinutes } from "../sla/sla-deadlines";
import { recordAudit, type AuditActor, type AuditEntry } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { handlingRefusal, type Permission } from "../auth/permissions";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { ComplaintStatus } from "../generated/prisma/enums";
import { CHANGE_EVENT_NAMES } from "../outbox/domain-events";
import { enqueueEvents, type OutboxEntry } from "../outbox/enqueue-event";
import { recordCaseCandidate } from "../knowledge/case-candidate";
import { businessHoursOf } from "../sla/business-hours";
import { runningSlaKind, slaAfter } from "../sla/sla-clock";
import { complaintScope } from "./staff-scope";
import { nextStatus, type ComplaintAction } from "./status-machine";
import { timelineEvent, timelineRows, type NewTimelineEvent } from "./vocabulary/timeline-events";

export type ChangeActor =
  { kind: "staff"; staff: StaffActor } | { kind: "customer"; customerId: string } | { kind: "system"; label: string };

const LOADED = {
  id: true,
  status: true,
  version: true,
  priority: true,
  assigneeId: true,
  escalationLevel: true,
  groupId: true,
  group: { select: { code: true } },
  orderId: true,
  customerId: true,
  category: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  firstRespondedAt: true,
  slaDueAt: true,
  slaPausedAt: true,
  slaBreachCount: true,
} as const satisfies Prisma.ComplaintSelect;

export type LoadedComplaint = Prisma.ComplaintGetPayload<{ select: typeof LOADED }>;

/** What a change may set besides the status and the SLA clock (which this function derives): values, not update operations. */
type ChangeData = {
  assigneeId?: string | null;
  escalationLevel?: number;
  slaBreachCount?: number;
  slaBreachedAt?: Date | null;
  surveyAsksNps?: boolean;
};

export type ChangeResult = {
  data?: ChangeData;
  events: NewTimelineEvent[];
  /** Extra facts for the audit entry's `after` (the status and assignment are always recorded). */
  audit?: Record<string, Prisma.InputJsonValue | null>;
  /** Facts the action's domain event carries beyond the change itself (the SLA breach's deadline). */
  announce?: Record<string, Prisma.InputJsonValue | null>;
};

type ChangeContext = {
  tx: Prisma.TransactionClient;
  complaint: LoadedComplaint;
  from: ComplaintStatus;
  to: ComplaintStatus;
  now: Date;
};

type ChangeRequest<Skip> = {
  actor: ChangeActor;
  complaintId: string;
  expectedVersion?: number;
  action: ComplaintAction;
  permission?: Permission;
  now?: Date;
  /**
   * Decided under the row lock, before the status machine: a reason to leave the complaint as it
   * is (a timer that fires for a deadline that has since moved). Nothing is written then.
   */
  precondition?: (context: {
    tx: Prisma.TransactionClient;
    complaint: LoadedComplaint;
    now: Date;
  }) => Promise<Skip | null> | Skip | null;
  change: (context: ChangeContext) => Promise<ChangeResult> | ChangeResult;
};

export type ChangeOutcome<Skip = never> = { id: string; version: number; status: ComplaintStatus; skipped?: Skip };

/**
 * Every change to a complaint goes through here, in one transaction: permission (staff), scope
 * (staff see their groups, customers their own), a row lock, the optimistic version check (a form
 * showing an older version is refused, never silently applied), the escalation-level rule, the
 * status machine, the SLA clock, then the caller's change, its timeline events, the audit entry
 * and the domain events for the outbox (lib/outbox) — all committed together or not at all.
 */
export async function applyComplaintChange<Skip = never>({
  db,
  ...request
}: ChangeRequest<Skip> & { db: Db }): Promise<ChangeOutcome<Skip>> {
  if (request.actor.kind === "staff") assertStaffMay(request.actor.staff, request);
  return db.$transaction((tx) => changeComplaintIn({ tx, ...request }));
}

function assertStaffMay(
  staff: StaffActor,
  { action, permission }: { action: ComplaintAction; permission?: Permission },
) {
  if (!permission) throw new Error(`staff action ${action} needs a permission`);
  assertCan(staff, permission);
}

/**
 * The same change inside a transaction the caller already holds: intake resolves a complaint by
 * rule in the transaction that files it, so the two commit together.
 */
export async function changeComplaintIn<Skip = never>({
  tx,
  actor,
  complaintId,
  expectedVersion,
  action,
  permission,
  now = new Date(),
  precondition,
  change,
}: ChangeRequest<Skip> & { tx: Prisma.TransactionClient }): Promise<ChangeOutcome<Skip>> {
  if (actor.kind === "staff") assertStaffMay(actor.staff, { action, permission });
  const scope =
    actor.kind === "staff"
      ? complaintScope(actor.staff)
      : actor.kind === "customer"
        ? { customerId: actor.customerId }
        : {};
  const visible = await tx.complaint.findFirst({ where: { id: complaintId, ...scope }, select: { id: true } });
  if (!visible) throw new AppError("complaint_not_found");
  // Serialises concurrent changes (double clicks, two agents, a timer) on this complaint.
  await tx.$queryRaw`SELECT id FROM complaints WHERE id = ${complaintId}::uuid FOR UPDATE`;
  const complaint = await tx.complaint.findUniqueOrThrow({ where: { id: complaintId }, select: LOADED });
  if (expectedVersion !== undefined && complaint.version !== expectedVersion) throw new AppError("stale_complaint");
  const skipped = precondition ? await precondition({ tx, complaint, now }) : null;
  if (skipped !== null) return { id: complaint.id, version: complaint.version, status: complaint.status, skipped };
  if (actor.kind === "staff") {
    // The escalation-level rule of the permission table: L2's cases, a colleague's cases.
    const refusal = handlingRefusal({
      actor: actor.staff,
      action,
      escalationLevel: complaint.escalationLevel,
      assigneeId: complaint.assigneeId,
    });
    if (refusal) throw new AppError(refusal);
  }

  const from = complaint.status;
  const to = nextStatus(from, action);
  const result = await change({ tx, complaint, from, to, now });
  const policy = await slaPolicyFor({ db: tx, priority: complaint.priority, groupCode: complaint.group.code });
  const planned = plannedChange({ actor, action, complaint, to, now, policy, result });

  // Under the row lock: the version read is the version this change follows.
  await tx.complaint.update({ where: { id: complaintId }, data: planned.update, select: { id: true } });
  if (planned.events.length) await tx.complaintEvent.createMany({ data: planned.events });
  // A close after an accepted resolution feeds the case library (QA approves it there).
  if (to === "closed" && from === "resolved") await recordCaseCandidate({ tx, complaintId, now });
  // The action's own events (schema per name in lib/outbox/domain-events.ts; checked on write).
  await enqueueEvents({ tx, events: planned.outbox });
  await recordAudit({ db: tx, entry: planned.audit });
  return { id: complaintId, version: planned.update.version, status: to };
}

/**
 * What a change writes, decided from the complaint as loaded, with no database: the row's new
 * values (status, SLA clock, version), its timeline, its outbox events and its audit entry.
 * changeComplaintIn writes them under the row lock; intake files a complaint a rule resolves at
 * once with them already applied, in the statement that creates it (intake-refund.ts).
 */
export function plannedChange({
  actor,
  action,
  complaint,
  to,
  now,
  policy,
  result,
}: {
  actor: ChangeActor;
  action: ComplaintAction;
  complaint: LoadedComplaint;
  to: ComplaintStatus;
  now: Date;
  /** The complaint's SLA policy (slaPolicyFor): a reopen and the end of a wait reckon with it. */
  policy: Pick<SlaPolicyMinutes, "resolutionPlanMinutes" | "businessStartMinute" | "businessEndMinute">;
  result: ChangeResult;
}) {
  const from = complaint.status;
  const complaintId = complaint.id;
  const sla = slaAfter({
    sla: complaint,
    from,
    to,
    action,
    now,
    resolutionPlanMinutes: policy.resolutionPlanMinutes,
    businessHours: businessHoursOf({
      businessStartMinute: policy.businessStartMinute ?? null,
      businessEndMinute: policy.businessEndMinute ?? null,
    }),
  });
  const version = complaint.version + 1;
  const update = {
    ...result.data,
    ...sla,
    status: to,
    version,
    ...(to === "resolved" && from !== "resolved" ? { resolvedAt: now } : {}),
    ...(to === "closed" && from !== "closed" ? { closedAt: now } : {}),
    ...(from === "closed" && to !== "closed" ? { closedAt: null } : {}),
  };
  const assigneeId = result.data?.assigneeId !== undefined ? result.data.assigneeId : complaint.assigneeId;
  const escalationLevel = result.data?.escalationLevel ?? complaint.escalationLevel;

  const actorId = actor.kind === "staff" ? actor.staff.id : actor.kind === "customer" ? actor.customerId : null;
  const events = timelineRows({
    complaintId,
    at: now,
    actor: { type: actor.kind, id: actorId },
    events: [...result.events, ...(from !== to ? [timelineEvent("status_changed", { from, to })] : [])],
  });
  const changed = {
    complaintId,
    action,
    from,
    to,
    version,
    assigneeId,
    escalationLevel,
    slaDueAt: sla.slaDueAt?.toISOString() ?? null,
  };
  const outbox: OutboxEntry[] = [
    {
      name: CHANGE_EVENT_NAMES[action] as "kesu/complaint.status_changed",
      aggregateId: complaintId,
      data: { ...changed, ...result.announce },
    },
    ...(from !== to
      ? [{ name: "kesu/complaint.status_changed" as const, aggregateId: complaintId, data: changed }]
      : []),
    ...(sla.slaDueAt && sla.slaDueAt.getTime() !== complaint.slaDueAt?.getTime()
      ? [
          {
            name: "kesu/complaint.sla_scheduled" as const,
            aggregateId: complaintId,
            data: { complaintId, kind: runningSlaKind(sla), dueAt: sla.slaDueAt.toISOString(), version },
          },
        ]
      : []),
  ];
  const auditActor: AuditActor =
    actor.kind === "staff"
      ? { type: "staff", id: actor.staff.id, label: actor.staff.email }
      : actor.kind === "customer"
        ? { type: "customer", id: actor.customerId }
        : { type: "system", label: actor.label };
  const audit: AuditEntry = {
    actor: auditActor,
    action: `complaint.${action}`,
    target: { type: "complaint", id: complaintId },
    before: {
      status: from,
      assigneeId: complaint.assigneeId,
      escalationLevel: complaint.escalationLevel,
      version: complaint.version,
    },
    after: { status: to, assigneeId, escalationLevel, version, ...result.audit },
  };
  return { update, events, outbox, audit };
}
