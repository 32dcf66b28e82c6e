import type { ComplaintStatus } from "../generated/prisma/enums";
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from "./business-hours";
import type { ComplaintAction } from "../complaints/status-machine";
import type { SlaKind } from "../complaints/vocabulary/terms";

export type SlaFields = {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstRespondedAt: Date | null;
  slaDueAt: Date | null;
  slaPausedAt: Date | null;
};

/** Actions the customer sees as an answer from us: the first one stops the first-response clock. */
const RESPONSES: ReadonlySet<ComplaintAction> = new Set(["reply", "request_info", "resolve"]);
const DONE: ReadonlySet<ComplaintStatus> = new Set(["resolved", "closed"]);

/**
 * The SLA clock across a transition. Time in waiting_customer does not count: on leaving it,
 * both deadlines move later by the time spent waiting. Reopening starts a fresh resolution-plan
 * period. `slaDueAt` is the deadline now running (null while paused or done).
 */
export function slaAfter({
  sla,
  from,
  to,
  action,
  now,
  resolutionPlanMinutes,
  businessHours = null,
}: {
  sla: SlaFields;
  from: ComplaintStatus;
  to: ComplaintStatus;
  action: ComplaintAction;
  now: Date;
  resolutionPlanMinutes: number;
  businessHours?: BusinessHours;
}): SlaFields {
  let { firstResponseDueAt, resolutionDueAt, firstRespondedAt, slaPausedAt } = sla;
  if (from === "waiting_customer" && to !== "waiting_customer" && slaPausedAt) {
    // What was left of each deadline when the wait began is what is left now.
    const resume = (due: Date) => {
      const left = businessMinutesBetween(slaPausedAt!, due, businessHours);
      return businessHours && left <= 0 ? due : addBusinessMinutes(now, left, businessHours);
    };
    firstResponseDueAt = resume(firstResponseDueAt);
    resolutionDueAt = resume(resolutionDueAt);
    slaPausedAt = null;
  }
  if (!firstRespondedAt && RESPONSES.has(action)) firstRespondedAt = now;
  if (DONE.has(from) && !DONE.has(to)) resolutionDueAt = addBusinessMinutes(now, resolutionPlanMinutes, businessHours);
  if (to === "waiting_customer") {
    return { firstResponseDueAt, resolutionDueAt, firstRespondedAt, slaPausedAt: slaPausedAt ?? now, slaDueAt: null };
  }
  if (DONE.has(to)) return { firstResponseDueAt, resolutionDueAt, firstRespondedAt, slaPausedAt: null, slaDueAt: null };
  return {
    firstResponseDueAt,
    resolutionDueAt,
    firstRespondedAt,
    slaPausedAt,
    slaDueAt: firstRespondedAt ? resolutionDueAt : firstResponseDueAt,
  };
}

/** Which deadline is running: the first response until there is one, then the resolution plan. */
export function runningSlaKind({ firstRespondedAt }: { firstRespondedAt: Date | null }): SlaKind {
  return firstRespondedAt ? "resolution" : "first_response";
}
