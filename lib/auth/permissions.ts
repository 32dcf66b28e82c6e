import type { ComplaintStatus, StaffRole } from "../generated/prisma/enums";
import { isEscalated } from "../complaints/vocabulary/terms";

export const STAFF_ROLES = ["agent", "expert", "qa", "supervisor", "admin"] as const satisfies readonly StaffRole[];

/**
 * The single source of who may do what. Pages (`page.*`) and actions alike are checked against
 * it first thing; tests walk every entry × every role (tests/integration/role-matrix.test.ts).
 * agent = L1, expert = L2; qa reviews handled work; supervisors run the floor; admins configure
 * and audit.
 */
const PERMISSIONS = {
  // The dashboard reads rollups across all groups: only roles that see every group.
  "page.dashboard": ["qa", "supervisor", "admin"],
  // Order ratings across all groups, with their customers' words: the dashboard's readers.
  "page.ratings": ["qa", "supervisor", "admin"],
  "page.queue": ["agent", "expert", "qa", "supervisor", "admin"],
  "page.complaint": ["agent", "expert", "qa", "supervisor", "admin"],
  "page.qa": ["qa", "supervisor", "admin"],
  "page.audit": ["admin"],
  "page.settings": ["supervisor", "admin"],
  // Staff accounts, roles and groups: who can sign in and see what.
  "page.team": ["admin"],
  "page.rules": ["supervisor", "admin"],
  "page.outbox": ["admin"],
  "page.callbacks": ["supervisor", "admin"],
  "page.alerts": ["expert", "supervisor", "admin"],
  "page.reports": ["supervisor", "admin"],
  "page.knowledge": ["agent", "expert", "qa", "supervisor", "admin"],
  // Customers' suggestions (not complaints: no SLA, no customer data beyond name, tier, region).
  "page.suggestions": ["agent", "expert", "qa", "supervisor", "admin"],
  // Supervisors see the workflows (SLA timers, notifications) to explain what the floor sees.
  "page.workflows": ["supervisor", "admin"],
  // A/B experiments and their results: those who run the floor and configure it.
  "page.experiments": ["supervisor", "admin"],
  // Improvement plans from the weekly report and their before/after results.
  "page.plans": ["supervisor", "admin"],
  // High-risk orders (lib/risk): the model's evaluation and the list for proactive contact.
  "page.risk": ["supervisor", "admin"],
  "complaint.claim": ["agent", "expert", "supervisor"],
  "complaint.assign": ["supervisor", "admin"],
  "complaint.reply": ["agent", "expert", "supervisor"],
  "complaint.note": ["agent", "expert", "qa", "supervisor"],
  "complaint.request_info": ["agent", "expert", "supervisor"],
  "complaint.escalate": ["agent", "supervisor"],
  "complaint.resolve": ["agent", "expert", "supervisor"],
  "complaint.close": ["expert", "supervisor"],
  "complaint.reopen": ["expert", "supervisor"],
  "complaint.photos": ["agent", "expert", "qa", "supervisor", "admin"],
  // The queue's filter as CSV / XLSX; size limits per role in lib/complaints/export.
  "complaints.export": ["qa", "supervisor", "admin"],
  "contact.reveal": ["expert", "supervisor", "admin"],
  // A customer's H5 sessions on the complaint page, and revoking one (a forwarded link, a lost phone).
  "customer.sessions": ["supervisor", "admin"],
  "compensation.refund": ["expert", "supervisor"],
  "compensation.coupon": ["agent", "expert", "supervisor"],
  "compensation.points": ["agent", "expert", "supervisor"],
  // Coupons and points beyond the caps (lib/compensation/compensation-limits.ts), with a stated reason.
  "compensation.override_cap": ["supervisor"],
  "qa.review": ["qa"],
  "qa.view_scores": ["qa", "supervisor", "admin"],
  "audit.view": ["admin"],
  "settings.sla": ["admin"],
  "settings.channels": ["admin"],
  "settings.team": ["admin"],
  // A new version of the handling rules (lib/triage/rule-versions.ts): they can give money back.
  "settings.rules": ["admin"],
  // Compensation caps and abuse limits.
  "settings.limits": ["admin"],
  "callbacks.complete": ["supervisor", "admin"],
  // Start, stop and ship an experiment (shipping rewrites a reply template, as knowledge.edit may).
  "experiments.manage": ["supervisor", "admin"],
  "plans.manage": ["supervisor", "admin"],
  // "We called the customer" on a high-risk order; the threshold and a retraining are an admin's.
  "risk.contact": ["supervisor", "admin"],
  "risk.manage": ["admin"],
  // Acknowledge, tag and thank a suggestion: those who answer customers.
  "suggestion.handle": ["agent", "expert", "supervisor"],
  "alerts.acknowledge": ["supervisor", "admin"],
  "knowledge.edit": ["supervisor", "admin"],
  // Pending and rejected cases are seen (and decided) only by those who review them.
  "knowledge.review_cases": ["qa", "supervisor"],
  // A replay runs every step again from the start, side effects included, and a cancel stops an
  // SLA timer for good: operating the engine is an admin's call, like the outbox.
  "workflows.manage": ["admin"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

/**
 * Who may work a complaint at each escalation level, and who may act on one a colleague holds.
 * Level 0 is the first line (L1 agents); an escalated complaint (level 1) belongs to L2 experts.
 * On top of each action's own permission (checked in lib/complaints/apply-change.ts and used to
 * offer buttons): the level rule for every handling action, the holder rule for the actions that
 * work the case. An internal note stays open to everyone who can see the complaint, and closing or
 * reopening a case someone resolved is a reviewer's act, not the holder's.
 */
const HANDLING_BY_LEVEL = {
  0: { handlers: ["agent", "expert", "supervisor"], onColleagues: ["supervisor"] },
  1: { handlers: ["expert", "supervisor"], onColleagues: ["supervisor"] },
} as const satisfies Record<number, { handlers: readonly StaffRole[]; onColleagues: readonly StaffRole[] }>;

const LEVEL_CHECKED: readonly string[] = ["claim", "reply", "request_info", "escalate", "resolve", "close", "reopen"];
const HOLDER_CHECKED: readonly string[] = ["reply", "request_info", "escalate", "resolve"];

export type HandlingRefusal = "escalated_to_l2" | "held_by_colleague";

/** The roles that may hold a complaint at this escalation level (assigning to anyone else is refused). */
export function handlerRoles(escalationLevel: number): readonly StaffRole[] {
  return HANDLING_BY_LEVEL[isEscalated(escalationLevel) ? 1 : 0].handlers;
}

/** QA reviews handled complaints only. */
const QA_REVIEWABLE: readonly ComplaintStatus[] = ["resolved", "closed"];

export function mayReviewQuality({ role, status }: { role: StaffRole; status: ComplaintStatus }): boolean {
  return can(role, "qa.review") && QA_REVIEWABLE.includes(status);
}

/** Why this role may not take this action on a complaint at this level held by `assigneeId`, or null when it may. */
export function handlingRefusal({
  actor,
  action,
  escalationLevel,
  assigneeId,
}: {
  actor: { id: string; role: StaffRole };
  action: string;
  escalationLevel: number;
  assigneeId: string | null;
}): HandlingRefusal | null {
  if (!LEVEL_CHECKED.includes(action)) return null;
  const rule = HANDLING_BY_LEVEL[isEscalated(escalationLevel) ? 1 : 0];
  if (!handlerRoles(escalationLevel).includes(actor.role)) return "escalated_to_l2";
  if (!HOLDER_CHECKED.includes(action) || assigneeId === null || assigneeId === actor.id) return null;
  return (rule.onColleagues as readonly StaffRole[]).includes(actor.role) ? null : "held_by_colleague";
}

/** Roles that see every group's complaints; the others see only their own groups'. */
const SEES_ALL_GROUPS: readonly StaffRole[] = ["qa", "supervisor", "admin"];

export function seesAllGroups(role: StaffRole): boolean {
  return SEES_ALL_GROUPS.includes(role);
}
