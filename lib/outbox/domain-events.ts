import { z } from "zod";
import type { ComplaintAction } from "../complaints/status-machine";
import { PRIORITIES, SLA_KINDS } from "../complaints/vocabulary/terms";

/**
 * The domain events Kesu announces, by name, with their data schemas. lib/ writes them to the
 * outbox; inngest/events.ts turns the same schemas into Inngest event types (data flows from
 * inngest/ to lib/, never back).
 */
const iso = z.string().datetime({ offset: true });

export const complaintCreatedSchema = z.object({
  complaintId: z.string().uuid(),
  priority: z.enum(PRIORITIES),
  category: z.string(),
  status: z.string(),
  groupId: z.string().uuid(),
  customerId: z.string().uuid(),
  slaDueAt: iso.nullable(),
  // Filed on the VIP line (absent in events written before it existed).
  vip: z.boolean().optional(),
});

export const ratingNeedsComplaintSchema = z.object({ ratingId: z.string().uuid() });

export const complaintChangedSchema = z.object({
  complaintId: z.string().uuid(),
  action: z.string(),
  from: z.string(),
  to: z.string(),
  version: z.number().int(),
  assigneeId: z.string().uuid().nullable(),
  escalationLevel: z.number().int(),
  slaDueAt: iso.nullable(),
});

export const slaScheduledSchema = z.object({
  complaintId: z.string().uuid(),
  // Which deadline is running: the first response, or (after it) the resolution plan.
  kind: z.enum(SLA_KINDS),
  dueAt: iso,
  version: z.number().int(),
});

export const slaWarningSchema = z.object({
  complaintId: z.string().uuid(),
  kind: z.enum(SLA_KINDS),
  dueAt: iso,
  assigneeId: z.string().uuid().nullable(),
  groupId: z.string().uuid(),
  minutesLeft: z.number().int(),
});

/**
 * A breach is a complaint change (action `sla_breach`) that also says which deadline was missed.
 * The change's own fields are optional: breach events written before breaches went through the
 * change function lack them, and one of those still unsent must not stall the outbox's relay.
 */
export const slaBreachedSchema = complaintChangedSchema
  .partial({ action: true, from: true, to: true, version: true, slaDueAt: true })
  .extend({
    kind: z.enum(SLA_KINDS),
    dueAt: iso,
    groupId: z.string().uuid(),
    breachCount: z.number().int(),
  });

export const surveyAnsweredSchema = z.object({
  complaintId: z.string().uuid(),
  customerId: z.string().uuid(),
  responseId: z.string().uuid(),
  csat: z.number().int().min(1).max(5),
  nps: z.number().int().min(0).max(10).nullable(),
});

export const notificationRequestedSchema = z.object({ deliveryId: z.string().uuid(), channelId: z.string().uuid() });

export const compensationEventSchema = z.object({
  complaintId: z.string().uuid(),
  compensationId: z.string().uuid(),
  type: z.string(),
  status: z.string(),
});

/** Past-tense event names for each complaint action. */
export const CHANGE_EVENT_NAMES = {
  claim: "kesu/complaint.claimed",
  assign: "kesu/complaint.assigned",
  reply: "kesu/complaint.replied",
  note: "kesu/complaint.noted",
  request_info: "kesu/complaint.info_requested",
  escalate: "kesu/complaint.escalated",
  resolve: "kesu/complaint.resolved",
  close: "kesu/complaint.closed",
  reopen: "kesu/complaint.reopened",
  customer_answer: "kesu/complaint.customer_answered",
  customer_confirm: "kesu/complaint.resolution_confirmed",
  customer_reject: "kesu/complaint.resolution_rejected",
  auto_close: "kesu/complaint.auto_closed",
  // Announced like a staff resolution: the customer is told, asked to confirm and rate.
  auto_resolve: "kesu/complaint.resolved",
  sla_breach: "kesu/complaint.sla_breached",
} as const satisfies Record<ComplaintAction, string>;

export const DOMAIN_EVENTS = {
  ...(Object.fromEntries(Object.values(CHANGE_EVENT_NAMES).map((name) => [name, complaintChangedSchema])) as Record<
    (typeof CHANGE_EVENT_NAMES)[ComplaintAction],
    typeof complaintChangedSchema
  >),
  "kesu/complaint.created": complaintCreatedSchema,
  "kesu/complaint.status_changed": complaintChangedSchema,
  "kesu/complaint.sla_scheduled": slaScheduledSchema,
  "kesu/complaint.sla_warning": slaWarningSchema,
  "kesu/complaint.sla_breached": slaBreachedSchema,
  "kesu/compensation.claimed": compensationEventSchema,
  "kesu/notification.requested": notificationRequestedSchema,
  "kesu/survey.answered": surveyAnsweredSchema,
  "kesu/compensation.refund_settled": compensationEventSchema,
  // A refund asked of the shop's gateway; the settle-refund workflow sends it (and retries).
  "kesu/compensation.refund_requested": compensationEventSchema,
  // A low rating, written: the rating-complaint workflow makes sure its complaint is filed.
  "kesu/rating.needs_complaint": ratingNeedsComplaintSchema,
} as const;

export type DomainEventName = keyof typeof DOMAIN_EVENTS;
export type DomainEventData<N extends DomainEventName> = z.input<(typeof DOMAIN_EVENTS)[N]>;
