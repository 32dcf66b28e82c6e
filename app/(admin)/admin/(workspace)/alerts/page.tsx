import { getFormatter, getTranslations } from "next-intl/server";
import { SmallAction } from "@/components/admin/small-action";
import { alertText } from "@/lib/alerts/alert-text";
import { listAlerts } from "@/lib/alerts/manage-alerts";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import type { Translator } from "@/lib/i18n/translator";
import { acknowledgeAlertAction } from "./actions";

export default async function AlertsPage() {
  const actor = await requireStaffPage("page.alerts", "/admin/alerts");
  const [alerts, t, format] = await Promise.all([listAlerts({ db, actor }), getTranslations(), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });
  return (
    <section>
      <h1 className="mb-4 text-xl font-semibold">{t("admin.alertsPage.title")}</h1>
      <ul className="space-y-2" data-testid="alerts">
        {alerts.map((alert) => (
          <li
            key={alert.id}
            className={`rounded-lg p-3 shadow ${alert.status === "open" ? "bg-white" : "bg-gray-50 text-gray-500"}`}
            data-status={alert.status}
            data-kind={alert.kind}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="rounded bg-red-100 px-1.5 text-xs text-red-700">
                {t(`admin.alertsPage.kinds.${alert.kind}` as "admin.alertsPage.kinds.sla_breach")}
              </span>
              <span className="font-medium">
                {alertText({
                  t: t as unknown as Translator,
                  kind: alert.kind,
                  details: alert.details as Record<string, unknown>,
                })}
              </span>
              <span className="text-xs text-gray-500">
                {t("admin.alertsPage.occurrences", { count: alert.occurrences })} ·{" "}
                {t("admin.alertsPage.firstAt", { date: when(alert.firstAt) })} ·{" "}
                {t("admin.alertsPage.lastAt", { date: when(alert.lastAt) })}
              </span>
              <span className="ml-auto">
                {alert.status === "open" ? (
                  can(actor.role, "alerts.acknowledge") ? (
                    <SmallAction
                      action={acknowledgeAlertAction}
                      fields={{ alertId: alert.id }}
                      label={t("admin.alertsPage.acknowledge")}
                      testId="acknowledge-alert"
                    />
                  ) : null
                ) : (
                  t("admin.alertsPage.acknowledged")
                )}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {alerts.length === 0 ? <p className="text-gray-500">{t("admin.alertsPage.none")}</p> : null}
    </section>
  );
}
