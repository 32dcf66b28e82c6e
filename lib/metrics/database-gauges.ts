import client from "prom-client";
import type { Db } from "../db-client";
import { metrics } from "./registry";
import { statsRows } from "../dashboard/rollup-sources";

/**
 * Facts that live in the database, read when Prometheus scrapes (so they are right after a
 * restart and across instances): SLA breaches, the outbox backlog and its lag, failed notifications.
 */
export function registerDatabaseGauges(db: Db) {
  const { registry } = metrics();
  // The registry outlives module reloads in development; register once per registry.
  if (registry.getSingleMetric("kesu_outbox_backlog")) return;
  const gauge = (name: string, help: string, read: () => Promise<number>) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });
  // From the dashboard rollup's months: a sum over a few thousand rows, not a scan of every complaint.
  gauge(
    "kesu_sla_breached_complaints",
    "Complaints that missed an SLA deadline, all time (use increase()).",
    async () =>
      Number(
        (
          await db.$queryRaw<{ n: number }[]>`SELECT coalesce(sum(s.breached), 0)::int AS n FROM (${statsRows({})}) s`
        )[0]!.n,
      ),
  );
  gauge("kesu_outbox_backlog", "Domain events not yet delivered to Inngest.", () =>
    db.outboxEvent.count({ where: { sentAt: null } }),
  );
  gauge("kesu_outbox_lag_seconds", "Age of the oldest undelivered domain event (0 when none).", async () => {
    const oldest = await db.outboxEvent.findFirst({
      where: { sentAt: null },
      orderBy: { id: "asc" },
      select: { createdAt: true },
    });
    return oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0;
  });
  gauge("kesu_notification_failures", "Notification deliveries that failed for good, all time.", () =>
    db.notificationDelivery.count({ where: { status: "failed" } }),
  );
}
