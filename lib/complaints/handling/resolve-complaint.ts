import type { StaffActor } from "../../auth/staff-actor";
import { assertCan } from "../../auth/staff-actor";
import { MAX_COUPON_YUAN, MAX_POINTS, type CompensationRequest } from "../../compensation/compensation-rules";
import { grantCompensation } from "../../compensation/grant-compensation";
import type { Keyring } from "../../crypto/field-encryption";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { parseYuanToFen } from "../../money";
import { decideNpsForResolution } from "../../surveys/decide-nps";
import { applyComplaintChange } from "../apply-change";
import { timelineEvent } from "../vocabulary/timeline-events";
import type { ResolutionOutcome } from "../vocabulary/terms";

type Outcome = ResolutionOutcome;

function amountError(code: string, params?: Record<string, string | number>) {
  return new AppError("validation_failed", { fields: [{ path: "amount", code, params }] });
}

/** What the outcome's amount field means, checked before anything is written. */
function compensationFor({ outcome, amount }: { outcome: Outcome; amount?: string }): CompensationRequest | null {
  if (outcome === "replacement" || outcome === "explanation") return null;
  if (!amount) throw amountError("required");
  if (outcome === "points") {
    const points = Number(amount);
    if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS)
      throw amountError("points", { max: MAX_POINTS });
    return { type: "points", points };
  }
  const fen = parseYuanToFen(amount);
  if (fen === null || fen <= 0) throw amountError("money");
  if (outcome === "coupon" && fen > MAX_COUPON_YUAN * 100) throw amountError("coupon_max", { max: MAX_COUPON_YUAN });
  return { type: outcome, amountFen: fen };
}

/**
 * Resolves with an outcome the customer sees, granting its compensation in the same transaction
 * (exactly once: the key is tied to the complaint version the form showed, and the version check
 * refuses the second of two identical clicks).
 */
export async function resolveComplaint({
  db,
  actor,
  complaintId,
  version,
  outcome,
  note,
  amount,
  capOverrideReason,
  shopRefunds,
  keyring,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  version: number;
  outcome: Outcome;
  note: string;
  amount?: string;
  /** A supervisor's reason for granting beyond the compensation caps (audited). */
  capOverrideReason?: string;
  shopRefunds: boolean;
  keyring: Keyring;
  now?: Date;
}) {
  assertCan(actor, "complaint.resolve");
  const compensation = compensationFor({ outcome, amount });
  if (compensation) assertCan(actor, `compensation.${compensation.type}`);
  let pendingRefundId: string | null = null;
  const result = await applyComplaintChange({
    db,
    actor: { kind: "staff", staff: actor },
    complaintId,
    expectedVersion: version,
    action: "resolve",
    permission: "complaint.resolve",
    now,
    change: async ({ tx, complaint }) => {
      const granted = compensation
        ? await grantCompensation({
            tx,
            complaintId,
            orderId: complaint.orderId,
            customerId: complaint.customerId,
            request: compensation,
            actor,
            capOverrideReason,
            idempotencyKey: `resolve:${complaintId}:v${complaint.version}`,
            shopRefunds,
            keyring,
            now,
          })
        : null;
      if (granted?.type === "refund" && granted.status === "pending") pendingRefundId = granted.id;
      const asksNps = await decideNpsForResolution({ tx, complaintId, customerId: complaint.customerId, now });
      const value: Record<string, number> = compensation
        ? compensation.type === "points"
          ? { points: compensation.points }
          : { amountFen: compensation.amountFen }
        : {};
      return {
        data: asksNps ? { surveyAsksNps: true } : {},
        events: [timelineEvent("resolved", { outcome, note, ...value })],
        audit: { outcome, compensationId: granted?.id ?? null, ...value },
      };
    },
  });
  return { ...result, pendingRefundId: pendingRefundId as string | null };
}
