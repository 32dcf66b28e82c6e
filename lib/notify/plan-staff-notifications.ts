import type { Db } from "../db-client";
import type { Locale } from "../i18n/config";
import { planDeliveries } from "./plan-deliveries";
import { renderStaffMessage } from "./render-staff-message";
import { workspaceLink } from "./workspace-link";
import type { SlaKind } from "../complaints/vocabulary/terms";

/** SLA warnings and breaches → the ops groups' robots subscribed to them (see planDeliveries). */
export async function planStaffNotifications({
  db,
  topic,
  sourceEventId,
  complaintId,
  dueAt,
  kind,
  minutesLeft,
  appUrl,
  linkSecret,
}: {
  db: Db;
  topic: "sla_warning" | "sla_breached";
  sourceEventId: string;
  complaintId: string;
  dueAt: string;
  kind: SlaKind;
  minutesLeft?: number;
  appUrl: string;
  linkSecret: string;
}) {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: {
      category: true,
      priority: true,
      group: { select: { code: true, names: true } },
      assignee: { select: { name: true, imUserId: true } },
    },
  });
  const message = (locale: Locale) =>
    renderStaffMessage({
      locale,
      topic,
      facts: {
        complaintId,
        category: complaint.category,
        priority: complaint.priority,
        group: complaint.group,
        assigneeName: complaint.assignee?.name ?? null,
        kind,
        dueAt: new Date(dueAt),
        minutesLeft,
        escalatedTo: topic === "sla_breached" ? (complaint.assignee?.name ?? null) : null,
        link: workspaceLink({ appUrl, path: `/admin/complaints/${complaintId}`, secret: linkSecret }),
      },
    });
  // The assignee is warned personally: @-mentioned in the group's message.
  const mentions = complaint.assignee?.imUserId ? [complaint.assignee.imUserId] : [];
  return planDeliveries({
    db,
    topic,
    kinds: ["wecom_robot", "dingtalk_robot"],
    sourceEventId,
    complaintId,
    message: (locale) => ({ ...message(locale), mentions }),
  });
}
