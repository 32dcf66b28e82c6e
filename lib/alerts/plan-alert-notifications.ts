import type { Db } from "../db-client";
import { translatorFor } from "../i18n/translator";
import { planDeliveries } from "../notify/plan-deliveries";
import { workspaceLink } from "../notify/workspace-link";
import { alertText } from "./alert-text";
import type { RaisedAlert } from "./detect-alerts";

/** A newly opened alert → the robots subscribed to `alert` (repeats of an open alert are not pushed again). */
export async function planAlertNotifications({
  db,
  alert,
  appUrl,
  linkSecret,
}: {
  db: Db;
  alert: RaisedAlert;
  appUrl: string;
  linkSecret: string;
}) {
  if (!alert.opened) return [];
  const link = workspaceLink({ appUrl, path: "/admin/alerts", secret: linkSecret });
  const complaintId = typeof alert.details.complaintId === "string" ? alert.details.complaintId : null;
  return planDeliveries({
    db,
    topic: "alert",
    kinds: ["wecom_robot", "dingtalk_robot"],
    sourceEventId: `alert:${alert.id}`,
    complaintId,
    message: (locale) => {
      const t = translatorFor(locale);
      const title = t("alerts.robotTitle");
      const text = alertText({ t, kind: alert.kind, details: alert.details });
      return {
        title,
        markdown: `### ${title}\n> ${text}\n[${t("alerts.open")}](${link})`,
        text: `${title}${t("notify.separator")}${text} ${link}`,
      };
    },
  });
}
