import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";

/**
 * Opens an alert for the key, or — when one is already open — counts another occurrence on it.
 * The partial unique index on open keys makes this race-free: the loser of two concurrent inserts
 * lands on the update. Returns whether a new alert was opened (only new alerts are pushed).
 */
export async function raiseAlert({
  db,
  key,
  kind,
  details,
  now = new Date(),
}: {
  db: Db;
  key: string;
  kind: string;
  details: Prisma.InputJsonValue;
  now?: Date;
}) {
  const [row] = await db.$queryRaw<{ id: string; opened: boolean }[]>`
    INSERT INTO alerts (id, key, kind, details, first_at, last_at)
    VALUES (gen_random_uuid(), ${key}, ${kind}, ${JSON.stringify(details)}::jsonb, ${now}, ${now})
    ON CONFLICT (key) WHERE status = 'open'
    DO UPDATE SET occurrences = alerts.occurrences + 1, last_at = EXCLUDED.last_at, details = EXCLUDED.details
    RETURNING id::text, (xmax = 0) AS opened`;
  return { id: row!.id, opened: row!.opened };
}
