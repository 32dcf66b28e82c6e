import { db } from "@/lib/db";
import { handleSlaDeadline } from "@/lib/sla/handle-sla-deadline";
import { planSlaTimer } from "@/lib/sla/plan-sla-timer";
import { warnBeforeBreach } from "@/lib/sla/warn-before-breach";
import { inngest } from "../client";
import { complaintClosed, complaintInfoRequested, complaintResolved, slaScheduled } from "../events";

/**
 * One timer per running SLA deadline: sleep until the pre-breach warning, warn, sleep until the
 * deadline, then breach and escalate if it was missed. A newer deadline for the same complaint
 * (answered, resumed after waiting, reopened), a pause for the customer, resolving or closing
 * cancel it; each step also re-checks the database, so a late or duplicate run does nothing.
 */
export const slaTimer = inngest.createFunction(
  {
    id: "sla-timer",
    triggers: [slaScheduled],
    cancelOn: [
      {
        event: slaScheduled,
        if: "async.data.complaintId == event.data.complaintId && async.data.version > event.data.version",
      },
      { event: complaintInfoRequested, match: "data.complaintId" },
      { event: complaintResolved, match: "data.complaintId" },
      { event: complaintClosed, match: "data.complaintId" },
    ],
  },
  async ({ event, step }) => {
    const { complaintId, dueAt } = event.data;
    const plan = await step.run("plan", () => planSlaTimer({ db, complaintId, dueAt }));
    if (!plan) return { outcome: "not-running" };
    await step.sleepUntil("wait-for-warning", plan.warnAt);
    await step.run("warn", () => warnBeforeBreach({ db, complaintId, dueAt: plan.dueAt }));
    await step.sleepUntil("wait-for-deadline", plan.dueAt);
    return step.run("deadline", () => handleSlaDeadline({ db, complaintId, dueAt: plan.dueAt }));
  },
);
