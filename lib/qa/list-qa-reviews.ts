import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";

/** QA scores, newest first, with who handled the complaint (for supervisors' coaching). */
export async function listQaReviews({
  db,
  actor,
  complaintId,
  take = 100,
}: {
  db: Db;
  actor: StaffActor;
  complaintId?: string;
  take?: number;
}) {
  assertCan(actor, "qa.view_scores");
  return db.qaReview.findMany({
    where: complaintId ? { complaintId } : {},
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      score: true,
      checks: true,
      comment: true,
      createdAt: true,
      reviewer: { select: { name: true } },
      complaint: { select: { id: true, category: true, assignee: { select: { name: true } } } },
    },
  });
}
