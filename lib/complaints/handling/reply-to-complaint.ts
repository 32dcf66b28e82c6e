import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** A reply the customer sees on their timeline; the first one stops the first-response clock. */
export async function replyToComplaint({
  db,
  actor,
  complaintId,
  version,
  text,
  templateCode,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  text: string;
  templateCode?: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "reply",
    permission: "complaint.reply",
    now,
    change: () => ({
      events: [timelineEvent("reply", { text, ...(templateCode ? { templateCode } : {}) })],
      audit: { templateCode: templateCode ?? null, length: text.length },
    }),
  });
}
