import { randomUUID } from "node:crypto";
import { inTransaction, type EngineClient, type EnginePool } from "./engine-db";
import type { CompiledFunction } from "./function-config";
import { INTERNAL_EVENTS, type EngineEvent } from "./ingest-events";
import type { Registry } from "./route-events";
import { createRun } from "./run-state";

/**
 * Starts a cron function's run with Inngest's `inngest/scheduled.timer` event. The event is
 * stored already routed: it starts exactly this function, not every listener of the name.
 */
async function startScheduledRun({
  client,
  fn,
  cron,
  slot,
  now,
  eventId,
}: {
  client: EngineClient;
  fn: CompiledFunction;
  cron: string;
  slot: Date;
  now: Date;
  eventId: string;
}): Promise<string | null> {
  const event: EngineEvent = { id: eventId, name: INTERNAL_EVENTS.scheduledTimer, ts: slot.getTime(), data: { cron } };
  const { rows } = await client.query<{ internal_id: string }>(
    `INSERT INTO engine_events (id, name, data, ts, processed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING internal_id`,
    [event.id, event.name, JSON.stringify(event.data), slot, now],
  );
  if (!rows[0]) return null;
  return createRun({ client, fn, event, triggerKey: `${fn.id}:${rows[0].internal_id}`, now });
}

/**
 * Fires every cron slot that is due, once: the slot's next time moves on in the transaction that
 * starts the run. A slot missed while no engine ran fires once when one runs again (not once per
 * missed slot), then the schedule continues from now.
 */
export async function fireDueCrons({
  pool,
  registry,
  now = () => new Date(),
}: {
  pool: EnginePool;
  registry: Registry;
  now?: () => Date;
}): Promise<number> {
  const at = now();
  const { rows } = await pool.query<{ function_id: string; cron: string; next_at: Date }>(
    `SELECT function_id, cron, next_at FROM engine_crons WHERE next_at <= $1`,
    [at],
  );
  let fired = 0;
  for (const row of rows) {
    const fn = registry.get(row.function_id);
    const schedule = fn?.crons.find((c) => c.cron === row.cron)?.schedule;
    if (!fn || !schedule) continue;
    const started = await inTransaction(pool, async (client) => {
      const next = schedule.nextRun(at) ?? new Date(at.getTime() + 365 * 86_400_000);
      const { rowCount } = await client.query(
        `UPDATE engine_crons SET next_at = $4 WHERE function_id = $1 AND cron = $2 AND next_at = $3`,
        [row.function_id, row.cron, row.next_at, next],
      );
      if (!rowCount) return null;
      return startScheduledRun({
        client,
        fn,
        cron: row.cron,
        slot: row.next_at,
        now: at,
        eventId: `cron-${fn.id}-${row.next_at.toISOString()}`,
      });
    });
    if (started) fired += 1;
  }
  return fired;
}

/** "Run now" from /admin/workflows: the cron function's run, through the engine, off-schedule. */
export async function triggerCronNow({
  client,
  fn,
  now = new Date(),
}: {
  client: EngineClient;
  fn: CompiledFunction;
  now?: Date;
}): Promise<string | null> {
  const cron = fn.crons[0]?.cron;
  if (!cron) return null;
  return startScheduledRun({ client, fn, cron, slot: now, now, eventId: `cron-${fn.id}-manual-${randomUUID()}` });
}
