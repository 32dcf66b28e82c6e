import { recordAudit } from "../../audit/record-audit";
import { can } from "../../auth/permissions";
import { assertCan, type StaffActor } from "../../auth/staff-actor";
import type { Keyring } from "../../crypto/field-encryption";
import { openComplaintContact } from "../complaint-contact";
import type { Db } from "../../db-client";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import type { StaffRole } from "../../generated/prisma/enums";
import { queueConditions } from "../queue/list-queue";
import { queueQueryString, type QueueFilter } from "../queue/queue-filter";

/** Most rows one export may hold, by role; an admin's is what one XLSX sheet holds below its header. */
export const EXPORT_LIMITS: Partial<Record<StaffRole, number>> = { qa: 10_000, supervisor: 200_000, admin: 1_048_575 };
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
// Keyset pages rather than a server-side cursor: between two pages the export holds no pooled
// connection and no open transaction, however slowly the file downloads; one page is all it holds.
const BATCH = 2_000;

export type ExportRow = {
  id: string;
  createdAt: Date;
  orderNo: string;
  customerName: string;
  tier: string;
  region: string;
  category: string;
  status: string;
  priority: string;
  groupCode: string;
  assigneeName: string | null;
  description: string;
  contact: string | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  slaBreachCount: number;
  csat: number | null;
  nps: number | null;
};

const FROM = Prisma.sql`FROM complaints c
  JOIN customers cu ON cu.id = c.customer_id
  JOIN orders o ON o.id = c.order_id
  JOIN handling_groups g ON g.id = c.group_id
  LEFT JOIN staff_users s ON s.id = c.assignee_id`;

/**
 * Starts an export of the queue's current filter: permission, then the size against the role's
 * limit (refused before any row is read), then the audit entry. Returns the row count and a
 * generator that reads the rows in keyset batches, newest first, so memory stays flat at any
 * size. Contacts are decrypted only for roles that may reveal them.
 */
export async function startExport({
  db,
  actor,
  filter,
  format,
  contactsReason,
  keyring,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  filter: QueueFilter;
  format: (typeof EXPORT_FORMATS)[number];
  /** Why the file needs the customers' contacts; without one (or the permission) the column stays empty. */
  contactsReason?: string;
  keyring: Keyring;
  now?: Date;
}) {
  assertCan(actor, "complaints.export");
  const limit = EXPORT_LIMITS[actor.role] ?? 0;
  const where = queueConditions({ actor, filter, now });
  const [{ count }] = await db.$queryRaw<
    { count: number }[]
  >`SELECT count(*)::int AS count FROM (SELECT 1 ${FROM} WHERE ${Prisma.join(where, " AND ")} LIMIT ${limit + 1}) matched`;
  if (count > limit) throw new AppError("export_too_large", { params: { max: limit } });
  const reason = contactsReason?.trim() ?? "";
  if (reason && !can(actor.role, "contact.reveal")) throw new AppError("forbidden");
  // Decrypting every contact of a filter is a bulk reveal: only with a stated reason, kept in the audit log.
  const withContacts = reason.length > 0;
  const { after: _after, ...shown } = filter;
  const query = queueQueryString(shown);
  await recordAudit({
    db,
    entry: {
      actor: { type: "staff", id: actor.id, label: actor.email },
      action: withContacts ? "complaints.export_with_contacts" : "complaints.export",
      target: { type: "queue", id: query || "all" },
      after: {
        format,
        rows: count,
        filter: Object.fromEntries(new URLSearchParams(query)),
        contacts: withContacts,
        ...(withContacts ? { reason } : {}),
      },
    },
  });
  return { count, rows: readRows({ db, where, withContacts, keyring }) };
}

async function* readRows({
  db,
  where,
  withContacts,
  keyring,
}: {
  db: Db;
  where: Prisma.Sql[];
  withContacts: boolean;
  keyring: Keyring;
}): AsyncGenerator<ExportRow> {
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: Prisma.Sql[] = cursor
      ? [...where, Prisma.sql`(c.created_at, c.id) < (${cursor.createdAt}, ${cursor.id}::uuid)`]
      : where;
    const rows = await db.$queryRaw<
      (Omit<ExportRow, "contact"> & {
        contactEnc: string | null;
        customerExternalId: string;
        customerContactEnc: string | null;
      })[]
    >`
      SELECT c.id, c.created_at AS "createdAt", o.order_no AS "orderNo", cu.name AS "customerName", c.tier::text AS tier, c.region,
        c.category, c.status::text AS status, c.priority::text AS priority, g.code AS "groupCode", s.name AS "assigneeName", c.description,
        ${withContacts ? Prisma.sql`c.contact_enc AS "contactEnc", cu.contact_enc AS "customerContactEnc"` : Prisma.sql`NULL::text AS "contactEnc", NULL::text AS "customerContactEnc"`}, cu.external_id AS "customerExternalId",
        c.first_responded_at AS "firstRespondedAt", c.resolved_at AS "resolvedAt", c.closed_at AS "closedAt",
        c.sla_breach_count AS "slaBreachCount", c.csat, c.nps
      ${FROM} WHERE ${Prisma.join(page, " AND ")}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${BATCH}`;
    for (const { contactEnc, customerContactEnc, customerExternalId, ...row } of rows)
      yield {
        ...row,
        contact: openComplaintContact({
          complaint: { id: row.id, contactEnc },
          customer: { externalId: customerExternalId, contactEnc: customerContactEnc },
          keyring,
        }).contact,
      };
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}
