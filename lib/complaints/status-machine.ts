import { AppError } from "../errors";
import type { ComplaintStatus } from "../generated/prisma/enums";

/**
 * The complaint status machine as data: for each action, the statuses it may start from and
 * where each one leads. Nothing else decides whether a transition is legal.
 */
export const STATUS_MACHINE = {
  claim: { new: "processing", processing: "processing", waiting_customer: "waiting_customer" },
  assign: { new: "processing", processing: "processing", waiting_customer: "waiting_customer" },
  reply: { new: "processing", processing: "processing", waiting_customer: "waiting_customer" },
  note: {
    new: "new",
    processing: "processing",
    waiting_customer: "waiting_customer",
    resolved: "resolved",
    closed: "closed",
  },
  request_info: { new: "waiting_customer", processing: "waiting_customer" },
  escalate: { new: "processing", processing: "processing", waiting_customer: "waiting_customer" },
  resolve: { new: "resolved", processing: "resolved", waiting_customer: "resolved" },
  close: { new: "closed", processing: "closed", waiting_customer: "closed", resolved: "closed" },
  reopen: { resolved: "processing", closed: "processing" },
  customer_answer: { waiting_customer: "processing" },
  customer_confirm: { resolved: "closed" },
  customer_reject: { resolved: "processing" },
  // The satisfaction loop: no answer within 72 h of the resolution → closed as confirmed.
  auto_close: { resolved: "closed" },
  // A handling rule resolves a new complaint at intake (the automatic refund), in its transaction.
  auto_resolve: { new: "resolved" },
  // A missed SLA deadline escalates the complaint to the next level; its status stays.
  sla_breach: { new: "new", processing: "processing", waiting_customer: "waiting_customer" },
} as const satisfies Record<string, Partial<Record<ComplaintStatus, ComplaintStatus>>>;

export type ComplaintAction = keyof typeof STATUS_MACHINE;

export function canApply(status: ComplaintStatus, action: ComplaintAction): boolean {
  return status in STATUS_MACHINE[action];
}

/** The status after `action`, or illegal_transition. */
export function nextStatus(status: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  const to = (STATUS_MACHINE[action] as Partial<Record<ComplaintStatus, ComplaintStatus>>)[status];
  if (!to) throw new AppError("illegal_transition", { params: { from: status, action } });
  return to;
}
