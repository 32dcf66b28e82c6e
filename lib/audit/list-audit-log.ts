import { z } from "zod";
import { shanghaiDayStart } from "../shanghai-day";
import { isCalendarDay, isStorableText } from "../validation";
import type { StaffActor } from "../auth/staff-actor";
import { assertCan } from "../auth/staff-actor";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";

const day = z.string().refine(isCalendarDay).optional().catch(undefined);

/** Audit filters as they come from the URL; anything malformed is ignored rather than fatal. */
export const auditFilterSchema = z.object({
  action: z
    .string()
    .trim()
    .max(80)
    .regex(/^[a-z_.]*$/)
    .optional()
    .catch(undefined),
  // Text PostgreSQL cannot take (NUL) would fail the query: ignored like any malformed value.
  actor: z.string().trim().max(200).refine(isStorableText).optional().catch(undefined),
  target: z.string().trim().max(100).refine(isStorableText).optional().catch(undefined),
  from: day,
  to: day,
  // An audit id (bigserial): anything outside int8 is ignored rather than sent to the database.
  before: z.coerce.bigint().positive().max(9_223_372_036_854_775_807n).optional().catch(undefined),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated on the id (`before`), admins only. Dates are Asia/Shanghai days. */
export async function listAuditLog({ db, actor, filter }: { db: Db; actor: StaffActor; filter: AuditFilter }) {
  assertCan(actor, "audit.view");
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.actor ? { actorLabel: { contains: filter.actor.toLowerCase() } } : {}),
    ...(filter.target ? { targetId: filter.target } : {}),
    ...(filter.before ? { id: { lt: filter.before } } : {}),
    at: {
      ...(filter.from ? { gte: shanghaiDayStart(filter.from) } : {}),
      ...(filter.to ? { lt: shanghaiDayStart(filter.to, 1) } : {}),
    },
  };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id.toString() : null };
}
