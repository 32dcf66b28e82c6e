import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { can } from "../auth/permissions";
import { CATEGORIES } from "../complaints/vocabulary/taxonomy";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { CaseStatus } from "../generated/prisma/enums";
import { tsQueryFor } from "../nlp/segment";

export const CASE_STATUSES = ["pending", "approved", "rejected"] as const satisfies readonly CaseStatus[];
const CASE_PAGE_SIZE = 20;

/** Filters as they come from the URL: anything unknown is dropped, not an error. */
export const caseFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(500).optional().catch(undefined),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;

/**
 * The case library, newest first. Agents and experts see approved cases only; reviewers also see
 * pending and rejected ones (pending first by default, so QA's work is on top). Chinese text
 * search uses the same terms as the queue (jieba words, Han characters and their pairs).
 */
export async function listCases({ db, actor, filter }: { db: Db; actor: StaffActor; filter: CaseFilter }) {
  assertCan(actor, "page.knowledge");
  const reviewer = can(actor.role, "knowledge.review_cases");
  const status: CaseStatus = reviewer ? (filter.status ?? "pending") : "approved";
  const where = [Prisma.sql`k.status = ${status}::"CaseStatus"`];
  if (filter.category) where.push(Prisma.sql`k.category = ${filter.category}`);
  if (filter.q) {
    const tsQuery = tsQueryFor(filter.q);
    where.push(
      tsQuery
        ? Prisma.sql`to_tsvector('simple', k.search_terms) @@ to_tsquery('simple', ${tsQuery})`
        : Prisma.sql`FALSE`,
    );
  }
  const page = filter.page ?? 1;
  const rows = await db.$queryRaw<
    {
      id: string;
      complaintId: string;
      category: string;
      summary: string;
      outcome: string;
      resolution: string;
      compensationType: string | null;
      compensationAmount: Prisma.Decimal | null;
      satisfaction: number | null;
      status: CaseStatus;
      createdAt: Date;
      reviewedAt: Date | null;
    }[]
  >`SELECT k.id, k.complaint_id AS "complaintId", k.category, k.summary, k.outcome, k.resolution, k.compensation_type::text AS "compensationType",
      k.compensation_amount AS "compensationAmount", k.satisfaction, k.status, k.created_at AS "createdAt", k.reviewed_at AS "reviewedAt"
    FROM knowledge_cases k WHERE ${Prisma.join(where, " AND ")}
    ORDER BY k.created_at DESC, k.id DESC LIMIT ${CASE_PAGE_SIZE + 1} OFFSET ${(page - 1) * CASE_PAGE_SIZE}`;
  return {
    status,
    page,
    hasMore: rows.length > CASE_PAGE_SIZE,
    cases: rows
      .slice(0, CASE_PAGE_SIZE)
      .map((r) => ({ ...r, compensationAmount: r.compensationAmount?.toString() ?? null })),
  };
}

export const reviewCaseSchema = z.object({ caseId: z.string().uuid(), decision: z.enum(["approved", "rejected"]) });

/** QA's decision on a case; deciding a case someone else already decided is refused, not overwritten. */
export async function reviewCase({
  db,
  actor,
  caseId,
  decision,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  caseId: string;
  decision: "approved" | "rejected";
  now?: Date;
}) {
  assertCan(actor, "knowledge.review_cases");
  return db.$transaction(async (tx) => {
    const before = await tx.knowledgeCase.findUnique({ where: { id: caseId }, select: { status: true } });
    if (!before) throw new AppError("not_found");
    const { count } = await tx.knowledgeCase.updateMany({
      where: { id: caseId, status: "pending" },
      data: { status: decision, reviewedById: actor.id, reviewedAt: now },
    });
    if (count === 0) throw new AppError("case_already_reviewed");
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "knowledge.case_review",
        target: { type: "knowledge_case", id: caseId },
        before: { status: before.status },
        after: { status: decision },
      },
    });
  });
}
