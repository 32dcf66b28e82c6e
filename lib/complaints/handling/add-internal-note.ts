import type { StaffActor } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";

/** A note for colleagues only: never on the customer's timeline. */
export async function addInternalNote({
  db,
  actor,
  complaintId,
  version,
  text,
  now,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  text: string;
  now?: Date;
}) {
  return applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "note",
    permission: "complaint.note",
    now,
    change: () => ({ events: [timelineEvent("note", { text, authorName: actor.name })] }),
  });
}
