import type { Db } from "../db-client";
import { decimalToFen } from "../money";

export type ComplaintSummary = Awaited<ReturnType<typeof complaintSummary>>;

/** What intake answers with: the complaint's triage outcome and its compensations. */
export async function complaintSummary({ db, id }: { db: Db; id: string }) {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      status: true,
      priority: true,
      firstResponseDueAt: true,
      group: { select: { code: true } },
      compensations: { select: { type: true, amount: true, status: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return {
    id: complaint.id,
    status: complaint.status,
    priority: complaint.priority,
    group: complaint.group.code,
    firstResponseDueAt: complaint.firstResponseDueAt,
    compensations: complaint.compensations.map((c) => ({
      type: c.type,
      amountFen: decimalToFen(c.amount),
      status: c.status,
    })),
  };
}
