import type { StaffRole } from "../generated/prisma/enums";

export const STAFF_ROLES = ["agent", "expert", "qa", "supervisor", "admin"] as const satisfies readonly StaffRole[];

/**
 * The single source of who may do what. Pages (`page.*`) and actions alike are checked against
 * it first thing; tests walk every entry × every role (tests/integration/role-matrix.test.ts).
 * agent = L1, expert = L2; qa reviews handled work; supervisors run the floor; admins configure
 * and audit.
 */
export const PERMISSIONS = {
  // The dashboard reads rollups across all groups: only roles that see every group.
  "page.dashboard": ["qa", "supervisor", "admin"],
  "page.queue": ["agent", "expert", "qa", "supervisor", "admin"],
  "page.complaint": ["agent", "expert", "qa", "supervisor", "admin"],
  "page.qa": ["qa", "supervisor", "admin"],
  "page.audit": ["admin"],
  "page.settings": ["supervisor", "admin"],
  "page.outbox": ["admin"],
  "page.callbacks": ["supervisor", "admin"],
  "page.alerts": ["expert", "supervisor", "admin"],
  "page.reports": ["supervisor", "admin"],
  "page.knowledge": ["agent", "expert", "qa", "supervisor", "admin"],
  // Supervisors see the workflows (SLA timers, notifications) to explain what the floor sees.
  "page.workflows": ["supervisor", "admin"],
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
  "compensation.refund": ["expert", "supervisor"],
  "compensation.coupon": ["agent", "expert", "supervisor"],
  "compensation.points": ["agent", "expert", "supervisor"],
  "qa.review": ["qa"],
  "qa.view_scores": ["qa", "supervisor", "admin"],
  "audit.view": ["admin"],
  "settings.sla": ["admin"],
  "settings.channels": ["admin"],
  "callbacks.complete": ["supervisor", "admin"],
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

/** Roles that see every group's complaints; the others see only their own groups'. */
const SEES_ALL_GROUPS: readonly StaffRole[] = ["qa", "supervisor", "admin"];

export function seesAllGroups(role: StaffRole): boolean {
  return SEES_ALL_GROUPS.includes(role);
}
