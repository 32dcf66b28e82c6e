import type { Db } from "../db-client";
import { isAppError } from "../errors";
import { applyComplaintChange } from "../complaints/apply-change";
import { timelineEvent } from "../complaints/vocabulary/timeline-events";

/**
 * 72 h after a resolution without the customer's answer: closed as confirmed by timeout. If the
 * customer answered (or staff reopened) meanwhile, nothing happens.
 */
export async function closeUnconfirmed({ db, complaintId, now }: { db: Db; complaintId: string; now?: Date }) {
  try {
    await applyComplaintChange({
      db,
      actor: { kind: "system", label: "satisfaction-loop" },
      complaintId,
      action: "auto_close",
      now,
      change: () => ({ events: [timelineEvent("auto_closed", {})] }),
    });
    return { closed: true };
  } catch (error) {
    if (isAppError(error) && error.code === "illegal_transition") return { closed: false };
    throw error;
  }
}
