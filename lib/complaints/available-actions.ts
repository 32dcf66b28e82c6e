import { can, handlingRefusal } from "../auth/permissions";
import type { StaffActor } from "../auth/staff-actor";
import type { ComplaintStatus } from "../generated/prisma/enums";
import { canApply, type ComplaintAction } from "./status-machine";
import { isEscalated, RESOLUTION_OUTCOMES, type ResolutionOutcome } from "./vocabulary/terms";

type State = { status: ComplaintStatus; assigneeId: string | null; escalationLevel: number };

/**
 * Which actions to offer: the permission table and the status machine decide (the same checks
 * the operations enforce), plus the claim rules so the button is not shown only to fail.
 */
export function availableActions({ actor, complaint }: { actor: StaffActor; complaint: State }) {
  const handles = (action: ComplaintAction) =>
    handlingRefusal({ actor, action, escalationLevel: complaint.escalationLevel, assigneeId: complaint.assigneeId }) ===
    null;
  const allowed = (permission: Parameters<typeof can>[1], action: ComplaintAction) =>
    can(actor.role, permission) && canApply(complaint.status, action) && handles(action);
  return {
    claim: allowed("complaint.claim", "claim") && complaint.assigneeId === null,
    assign: allowed("complaint.assign", "assign"),
    reply: allowed("complaint.reply", "reply"),
    note: allowed("complaint.note", "note"),
    requestInfo: allowed("complaint.request_info", "request_info"),
    escalate: allowed("complaint.escalate", "escalate") && !isEscalated(complaint.escalationLevel),
    resolve: allowed("complaint.resolve", "resolve"),
    close: allowed("complaint.close", "close"),
    reopen: allowed("complaint.reopen", "reopen"),
  };
}

/** Resolution outcomes the role may choose (compensation types need their own permission). */
export function allowedOutcomes(actor: StaffActor): ResolutionOutcome[] {
  return RESOLUTION_OUTCOMES.filter(
    (outcome) => outcome === "replacement" || outcome === "explanation" || can(actor.role, `compensation.${outcome}`),
  );
}
