import { alertSlaBreach, detectComplaintAlerts } from "@/lib/alerts/detect-alerts";
import { planAlertNotifications } from "@/lib/alerts/plan-alert-notifications";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { inngest } from "../client";
import { complaintCreated, slaBreached } from "../events";
import { deliveryEvents } from "../deliveries";

/** New complaints and SLA breaches → alerts (one open per key) → pushed to the `alert` robots when new. */
export const smartAlerts = inngest.createFunction(
  { id: "smart-alerts", triggers: [complaintCreated, slaBreached] },
  async ({ event, step }) => {
    const alerts = await step.run("detect", () =>
      event.name === "kesu/complaint.sla_breached"
        ? alertSlaBreach({
            db,
            complaintId: event.data.complaintId,
            kind: String((event.data as { kind: string }).kind),
            escalationLevel: Number((event.data as { escalationLevel: number }).escalationLevel),
          }).then((a) => [a])
        : detectComplaintAlerts({ db, complaintId: event.data.complaintId }),
    );
    const deliveries = await step.run("plan", async () => {
      const env = getEnv();
      const planned = await Promise.all(
        alerts.map((alert) =>
          planAlertNotifications({ db, alert, appUrl: env.APP_URL, linkSecret: env.H5_LINK_SECRET }),
        ),
      );
      return planned.flat();
    });
    if (deliveries.length) {
      await step.sendEvent("deliver", deliveryEvents(deliveries));
    }
    return { alerts: alerts.map((a) => ({ key: a.key, opened: a.opened })) };
  },
);
