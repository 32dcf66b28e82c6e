import type { Db } from "../db/create-client";
import { renderStaffMessage } from "./render-staff-message";
import type { StaffTopic } from "./topics";
import { workspaceLink } from "./workspace-link";

/**
 * One delivery per enabled channel subscribed to the topic, for one source event. The dedupe key
 * (source event id + channel) makes this safe to repeat: a retried step plans nothing new.
 * Returns every delivery of this source still waiting to be sent.
 */
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
  topic: StaffTopic;
  sourceEventId: string;
  complaintId: string;
  dueAt: string;
  kind: "first_response" | "resolution";
  minutesLeft?: number;
  appUrl: string;
  linkSecret: string;
}) {
  const channels = await db.notificationChannel.findMany({ where: { enabled: true, topics: { has: topic }, kind: { in: ["wecom_robot", "dingtalk_robot"] } }, select: { id: true } });
  if (channels.length) {
    const complaint = await db.complaint.findUniqueOrThrow({ where: { id: complaintId }, select: { category: true, priority: true, group: { select: { code: true } }, assignee: { select: { name: true } } } });
    const message = renderStaffMessage({
      topic,
      facts: {
        complaintId,
        category: complaint.category,
        priority: complaint.priority,
        groupCode: complaint.group.code,
        assigneeName: complaint.assignee?.name ?? null,
        kind,
        dueAt: new Date(dueAt),
        minutesLeft,
        escalatedTo: topic === "sla_breached" ? (complaint.assignee?.name ?? null) : null,
        link: workspaceLink({ appUrl, path: `/admin/complaints/${complaintId}`, secret: linkSecret }),
      },
    });
    await db.notificationDelivery.createMany({
      data: channels.map((channel) => ({ channelId: channel.id, dedupeKey: `${sourceEventId}:${channel.id}`, topic, complaintId, title: message.title, body: message.markdown })),
      skipDuplicates: true,
    });
  }
  return db.notificationDelivery.findMany({ where: { dedupeKey: { startsWith: `${sourceEventId}:` }, status: "pending" }, select: { id: true, channelId: true } });
}
