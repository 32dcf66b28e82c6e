import { z } from "zod";
import type { H5Principal } from "../auth/h5-scope";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { enforceRateLimit } from "../rate-limit/consume-rate-limit";

export const SUGGESTION_MAX_LENGTH = 500;

export const suggestionSchema = z.object({
  text: z.string().trim().min(4).max(SUGGESTION_MAX_LENGTH),
  // Optional: a suggestion may be about the shop rather than one order.
  orderNo: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().trim().max(64).optional()),
  submissionId: z.string().uuid(),
});
export type SuggestionInput = z.output<typeof suggestionSchema>;

/**
 * Files a customer's suggestion. The order, when named, must be theirs (the caller has already
 * checked it is one the H5 session was opened for). The same submission id again answers the
 * suggestion it filed, and files nothing. Limited per customer (h5_suggestion_customer).
 */
export async function submitSuggestion({
  db,
  customerId,
  sessionId = null,
  locale,
  input,
}: {
  db: Db;
  customerId: string;
  /** The H5 session filing it (null from elsewhere, e.g. tests): what it is shown back to. */
  sessionId?: string | null;
  locale: string;
  input: SuggestionInput;
}): Promise<{ id: string }> {
  const earlier = await db.suggestion.findUnique({
    where: { submissionId: input.submissionId },
    select: { id: true, customerId: true },
  });
  if (earlier) {
    if (earlier.customerId !== customerId) throw new AppError("idempotency_key_reused");
    return { id: earlier.id };
  }
  await enforceRateLimit({ db, rule: "h5_suggestion_customer", subject: customerId });
  const order = input.orderNo
    ? await db.order.findFirst({ where: { orderNo: input.orderNo, customerId }, select: { id: true } })
    : null;
  if (input.orderNo && !order) throw new AppError("order_not_found");
  const [row] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO suggestions (id, customer_id, order_id, h5_session_id, submission_id, text, locale)
    VALUES (gen_random_uuid(), ${customerId}::uuid, ${order?.id ?? null}::uuid, ${sessionId}::uuid,
      ${input.submissionId}::uuid, ${input.text}, ${locale})
    ON CONFLICT (submission_id) DO NOTHING
    RETURNING id`;
  if (row) return row;
  // A retry that raced the first submission: answer what it filed.
  const filed = await db.suggestion.findUniqueOrThrow({
    where: { submissionId: input.submissionId },
    select: { id: true, customerId: true },
  });
  if (filed.customerId !== customerId) throw new AppError("idempotency_key_reused");
  return { id: filed.id };
}

/**
 * The suggestions an H5 session may see, newest first, with the thanks when it came ("my
 * feedback"): the customer's own about an order the session was opened for, and those this
 * session filed — not everything the customer ever sent (a forwarded link is not a key to it all).
 */
export async function listSessionSuggestions({
  db,
  principal,
  sessionId,
}: {
  db: Db;
  principal: H5Principal;
  sessionId: string;
}) {
  return db.suggestion.findMany({
    where: {
      customerId: principal.customerId,
      OR: [{ order: { orderNo: { in: [...principal.orderNos] } } }, { h5SessionId: sessionId }],
    },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, text: true, status: true, thanks: true, createdAt: true, thankedAt: true },
  });
}
