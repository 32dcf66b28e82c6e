import type { Db } from "../db-client";

type OutgoingEvent = { id: string; name: string; data: Record<string, unknown>; ts: number };
export type SendEvents = (events: OutgoingEvent[]) => Promise<unknown>;

// One relay at a time across processes (pg_try_advisory_xact_lock key).
const RELAY_LOCK = 7_311_452_001;
export const OUTBOX_EVENT_ID_PREFIX = "kesu-outbox-";

/**
 * Sends the oldest unsent outbox rows to Inngest in id order and marks them sent. Every event
 * carries its row id as the Inngest event id, so a batch resent after a crash between "sent" and
 * "marked" is deduplicated by Inngest. A failed send marks nothing sent (the batch waits, in
 * order: nothing later for the same complaint can overtake it) and records the error.
 */
export async function relayOutbox({
  db,
  send,
  batchSize = 100,
  now = () => new Date(),
}: {
  db: Db;
  send: SendEvents;
  batchSize?: number;
  now?: () => Date;
}) {
  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS locked`;
      if (!locked) return { sent: 0, failed: 0, busy: true as const };
      const rows = await tx.outboxEvent.findMany({
        where: { sentAt: null },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true, name: true, data: true, createdAt: true },
      });
      if (rows.length === 0) return { sent: 0, failed: 0 };
      const ids = rows.map((row) => row.id);
      try {
        await send(
          rows.map((row) => ({
            id: `${OUTBOX_EVENT_ID_PREFIX}${row.id}`,
            name: row.name,
            data: row.data as Record<string, unknown>,
            ts: row.createdAt.getTime(),
          })),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
        await tx.outboxEvent.updateMany({
          where: { id: { in: ids } },
          data: { attempts: { increment: 1 }, lastError: message, lastAttemptAt: now() },
        });
        return { sent: 0, failed: rows.length, error: message };
      }
      await tx.outboxEvent.updateMany({
        where: { id: { in: ids } },
        data: { sentAt: now(), attempts: { increment: 1 }, lastAttemptAt: now(), lastError: null },
      });
      return { sent: rows.length, failed: 0 };
    },
    // The send happens inside the transaction (it holds the relay lock): allow for a slow Inngest.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
