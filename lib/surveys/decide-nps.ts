import type { Prisma } from "../generated/prisma/client";
import { shouldAskNps } from "./survey-rules";

/**
 * At resolution (inside its transaction): does this complaint's survey ask NPS? If so the customer
 * is marked as asked now, so no other survey asks them within 30 days; the resolution records the
 * answer on the complaint (`surveyAsksNps`, through the one change function).
 */
export async function decideNpsForResolution({
  tx,
  complaintId,
  customerId,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  customerId: string;
  now: Date;
}): Promise<boolean> {
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { lastNpsAskedAt: true } });
  if (!shouldAskNps({ complaintId, lastAskedAt: customer.lastNpsAskedAt, now })) return false;
  await tx.customer.update({ where: { id: customerId }, data: { lastNpsAskedAt: now } });
  return true;
}
