import { eventType } from "inngest";
import {
  compensationEventSchema,
  complaintChangedSchema,
  complaintCreatedSchema,
  notificationRequestedSchema,
  ratingNeedsComplaintSchema,
  slaBreachedSchema,
  slaScheduledSchema,
  slaWarningSchema,
  surveyAnsweredSchema,
} from "@/lib/outbox/domain-events";

/**
 * Typed Inngest events, built from the domain-event schemas lib/ writes to the outbox (so the two
 * cannot disagree). Only the events functions listen to are declared here.
 */
export const complaintCreated = eventType("kesu/complaint.created", { schema: complaintCreatedSchema });
export const slaScheduled = eventType("kesu/complaint.sla_scheduled", { schema: slaScheduledSchema });
export const slaWarning = eventType("kesu/complaint.sla_warning", { schema: slaWarningSchema });
export const slaBreached = eventType("kesu/complaint.sla_breached", { schema: slaBreachedSchema });
export const complaintResolved = eventType("kesu/complaint.resolved", { schema: complaintChangedSchema });
export const complaintClosed = eventType("kesu/complaint.closed", { schema: complaintChangedSchema });
export const complaintInfoRequested = eventType("kesu/complaint.info_requested", { schema: complaintChangedSchema });
export const notificationRequested = eventType("kesu/notification.requested", { schema: notificationRequestedSchema });
export const resolutionConfirmed = eventType("kesu/complaint.resolution_confirmed", { schema: complaintChangedSchema });
export const resolutionRejected = eventType("kesu/complaint.resolution_rejected", { schema: complaintChangedSchema });
export const complaintReopened = eventType("kesu/complaint.reopened", { schema: complaintChangedSchema });
export const ratingNeedsComplaint = eventType("kesu/rating.needs_complaint", { schema: ratingNeedsComplaintSchema });
export const surveyAnswered = eventType("kesu/survey.answered", { schema: surveyAnsweredSchema });
export const refundRequested = eventType("kesu/compensation.refund_requested", { schema: compensationEventSchema });
