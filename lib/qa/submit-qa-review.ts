import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { mayReviewQuality } from "../auth/permissions";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { QA_CHECKLIST, qaScore, type QaItem } from "./checklist";

export const qaReviewSchema = z.object({
  complaintId: z.string().uuid(),
  checks: z.array(z.enum(QA_CHECKLIST)).max(QA_CHECKLIST.length),
  comment: z.string().trim().min(1).max(1000),
});

/** QA scores a handled (resolved or closed) complaint; scoring it again replaces the reviewer's earlier score. */
export async function submitQaReview({
  db,
  actor,
  complaintId,
  checks,
  comment,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  checks: QaItem[];
  comment: string;
}) {
  assertCan(actor, "qa.review");
  return db.$transaction(async (tx) => {
    const complaint = await tx.complaint.findFirst({ where: { id: complaintId }, select: { id: true, status: true } });
    if (!complaint) throw new AppError("complaint_not_found");
    if (!mayReviewQuality({ role: actor.role, status: complaint.status }))
      throw new AppError("illegal_transition", { params: { from: complaint.status, action: "qa_review" } });
    const passed = Object.fromEntries(QA_CHECKLIST.map((item) => [item, checks.includes(item)])) as Record<
      QaItem,
      boolean
    >;
    const score = qaScore(passed);
    const before = await tx.qaReview.findUnique({
      where: { complaintId_reviewerId: { complaintId, reviewerId: actor.id } },
      select: { score: true, checks: true },
    });
    const review = await tx.qaReview.upsert({
      where: { complaintId_reviewerId: { complaintId, reviewerId: actor.id } },
      create: { complaintId, reviewerId: actor.id, checks: passed, score, comment },
      update: { checks: passed, score, comment },
      select: { id: true, score: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "qa.review",
        target: { type: "complaint", id: complaintId },
        before: before ? { score: before.score } : undefined,
        after: { score, checks: passed },
      },
    });
    return review;
  });
}
