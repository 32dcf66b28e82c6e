import type { Db } from "../../db/create-client";
import { applyComplaintChange } from "../apply-change";

export async function confirmResolution({ db, customerId, complaintId, now }: { db: Db; customerId: string; complaintId: string; now?: Date }) {
  return applyComplaintChange({
    db,
    actor: { kind: "customer", customerId },
    complaintId,
    action: "customer_confirm",
    now,
    change: () => ({ events: [{ kind: "resolution_confirmed", customerVisible: true, payload: {} }] }),
  });
}
