import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { planStaffNotifications } from "@/lib/notify/plan-staff-notifications";
import { inngest } from "../client";
import { slaBreached, slaWarning } from "../events";
import { deliveryEvents } from "../deliveries";

/**
 * SLA warnings and breaches → the ops groups' robots subscribed to them. Plans one delivery per
 * channel (idempotently, keyed by this event's id) and hands each to deliver-notification, which
 * is throttled per robot.
 */
export const notifyStaff = inngest.createFunction(
  { id: "notify-staff", triggers: [slaWarning, slaBreached] },
  async ({ event, step }) => {
    const topic = event.name === "kesu/complaint.sla_warning" ? "sla_warning" : "sla_breached";
    const deliveries = await step.run("plan", () => {
      const env = getEnv();
      return planStaffNotifications({
        db,
        topic,
        sourceEventId: event.id ?? `${event.name}:${event.data.complaintId}:${event.data.dueAt}`,
        complaintId: event.data.complaintId,
        dueAt: event.data.dueAt,
        kind: event.data.kind,
        minutesLeft: "minutesLeft" in event.data ? (event.data.minutesLeft as number) : undefined,
        appUrl: env.APP_URL,
        linkSecret: env.H5_LINK_SECRET,
      });
    });
    if (deliveries.length) {
      await step.sendEvent("deliver", deliveryEvents(deliveries));
    }
    return { planned: deliveries.length };
  },
);
