import type { Prisma } from "../generated/prisma/client";
import { searchTermsFor } from "../nlp/segment";

/** Below this CSAT a resolution is not a model answer, whatever else happened. */
const GOOD_CSAT = 4;
const SUMMARY_MAX = 500;

/** Phone numbers, order and card numbers: six or more digits in a row never reach the library. */
function maskDigits(text: string): string {
  return text.replace(/\d[\d\s-]{4,}\d/g, (run) => (run.replace(/\D/g, "").length >= 6 ? "***" : run));
}

function caseSummary(description: string): string {
  const masked = maskDigits(description.trim().replace(/\s+/g, " "));
  return [...masked].length > SUMMARY_MAX ? `${[...masked].slice(0, SUMMARY_MAX - 1).join("")}…` : masked;
}

/**
 * A complaint closed after a resolution the customer did not reject is a case candidate for the
 * library, unless the customer already said they were unhappy (CSAT below 4). Written in the
 * closing transaction; closing again after a reopen refreshes it and sends it back to QA.
 */
export async function recordCaseCandidate({
  tx,
  complaintId,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  now: Date;
}) {
  const complaint = await tx.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: {
      category: true,
      description: true,
      surveyResponse: { select: { csat: true } },
      compensations: {
        where: { status: { not: "failed" } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { type: true, amount: true },
      },
      events: {
        where: { kind: { in: ["resolved", "auto_refund"] } },
        orderBy: { id: "desc" },
        take: 1,
        select: { kind: true, payload: true },
      },
    },
  });
  const resolved = complaint.events[0];
  if (!resolved) return null;
  const csat = complaint.surveyResponse?.csat ?? null;
  if (csat !== null && csat < GOOD_CSAT) return null;
  const payload = (resolved.payload ?? {}) as { outcome?: string; note?: string };
  const outcome = resolved.kind === "auto_refund" ? "refund" : (payload.outcome ?? "explanation");
  const resolution = resolved.kind === "auto_refund" ? "" : maskDigits(payload.note ?? "");
  const summary = caseSummary(complaint.description);
  const granted = complaint.compensations[0];
  const data = {
    category: complaint.category,
    summary,
    outcome,
    resolution,
    compensationType: granted?.type ?? null,
    compensationAmount: granted?.amount ?? null,
    satisfaction: csat,
    searchTerms: searchTermsFor(`${summary} ${resolution}`),
    status: "pending" as const,
    reviewedById: null,
    reviewedAt: null,
    updatedAt: now,
  };
  return tx.knowledgeCase.upsert({
    where: { complaintId },
    create: { complaintId, createdAt: now, ...data },
    update: data,
    select: { id: true },
  });
}

/**
 * The survey answer arrives after the close as often as before it: the case shows it, and a
 * clearly unhappy answer takes a still-pending case out of QA's way.
 */
export async function recordCaseSatisfaction({
  tx,
  complaintId,
  csat,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  csat: number;
  now: Date;
}) {
  await tx.knowledgeCase.updateMany({ where: { complaintId }, data: { satisfaction: csat, updatedAt: now } });
  if (csat < GOOD_CSAT)
    await tx.knowledgeCase.updateMany({
      where: { complaintId, status: "pending" },
      data: { status: "rejected", reviewedAt: now },
    });
}
