import type { EnginePool } from "./engine-db";

/** How long finished work stays visible at /admin/workflows; failures longer, to be looked into. */
const KEEP_DAYS = { finished: 30, failed: 90, events: 30 } as const;

/**
 * Deletes history nobody needs any more, in bounded batches (the engine's tables would otherwise
 * only grow): completed and cancelled runs after 30 days, failed ones after 90 (their steps go with
 * them), routed events after 30 days. Open runs and unrouted events are never touched.
 */
export async function pruneHistory({
  pool,
  now = new Date(),
  batch = 5_000,
}: {
  pool: EnginePool;
  now?: Date;
  batch?: number;
}): Promise<{ runs: number; events: number }> {
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const runs = await pool.query(
    `DELETE FROM engine_runs WHERE id IN (
       SELECT id FROM engine_runs
       WHERE (status IN ('completed', 'cancelled') AND ended_at < $1) OR (status = 'failed' AND ended_at < $2)
       LIMIT $3)`,
    [days(KEEP_DAYS.finished), days(KEEP_DAYS.failed), batch],
  );
  const events = await pool.query(
    `DELETE FROM engine_events WHERE internal_id IN (SELECT internal_id FROM engine_events WHERE processed_at < $1 LIMIT $2)`,
    [days(KEEP_DAYS.events), batch],
  );
  return { runs: runs.rowCount ?? 0, events: events.rowCount ?? 0 };
}
