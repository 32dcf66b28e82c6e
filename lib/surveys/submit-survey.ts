import { recordAudit } from "../audit/record-audit";
import { z } from "zod";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { recordCaseSatisfaction } from "../knowledge/case-candidate";
import { enqueueEvent } from "../outbox/enqueue-event";
import { timelineEvent, timelineRows } from "../complaints/vocabulary/timeline-events";

export const surveySchema = z.object({
  complaintId: z.string().uuid(),
  csat: z.coerce.number().int().min(1).max(5),
  nps: z.coerce.number().int().min(0).max(10).optional(),
  comment: z.string().trim().max(300).default(""),
});

/**
 * The customer's satisfaction answer for their resolved (or closed) complaint: once per complaint
 * (a second answer is refused), NPS only where this survey asked it. Announced as
 * `kesu/survey.answered` (churn watch) in the same transaction.
 */
export async function submitSurvey({
  db,
  customerId,
  input,
  now = new Date(),
}: {
  db: Db;
  customerId: string;
  input: z.infer<typeof surveySchema>;
  now?: Date;
}) {
  try {
    return await db.$transaction(async (tx) => {
      const complaint = await tx.complaint.findFirst({
        where: { id: input.complaintId, customerId },
        select: { id: true, status: true, surveyAsksNps: true },
      });
      if (!complaint) throw new AppError("complaint_not_found");
      if (complaint.status !== "resolved" && complaint.status !== "closed")
        throw new AppError("illegal_transition", { params: { from: complaint.status, action: "survey" } });
      if (input.nps !== undefined && !complaint.surveyAsksNps)
        throw new AppError("validation_failed", { fields: [{ path: "nps", code: "invalid" }] });
      const response = await tx.surveyResponse.create({
        data: {
          complaintId: complaint.id,
          customerId,
          csat: input.csat,
          nps: input.nps ?? null,
          comment: input.comment,
          createdAt: now,
        },
        select: { id: true },
      });
      const answered = timelineEvent("survey_answered", {
        csat: input.csat,
        ...(input.nps !== undefined ? { nps: input.nps } : {}),
      });
      await tx.complaintEvent.createMany({
        data: timelineRows({
          complaintId: complaint.id,
          at: now,
          actor: { type: "customer", id: customerId },
          events: [answered],
        }),
      });
      await recordCaseSatisfaction({ tx, complaintId: complaint.id, csat: input.csat, now });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "customer", id: customerId },
          action: "survey.submitted",
          target: { type: "complaint", id: complaint.id },
          after: { csat: input.csat, nps: input.nps ?? null },
        },
      });
      await enqueueEvent({
        tx,
        name: "kesu/survey.answered",
        aggregateId: complaint.id,
        data: {
          complaintId: complaint.id,
          customerId,
          responseId: response.id,
          csat: input.csat,
          nps: input.nps ?? null,
        },
      });
      return response;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("survey_already_answered");
    throw error;
  }
}
