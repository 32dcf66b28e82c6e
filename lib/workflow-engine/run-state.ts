import { randomUUID } from "node:crypto";
import { evaluate } from "./expression";
import type { CompiledFunction } from "./function-config";
import type { EngineEvent } from "./ingest-events";
import type { EngineClient, Queryable } from "./engine-db";

/** Run statuses; the first four are "open" (the run still has work or waits). */
export const OPEN_RUN_STATUSES = ["queued", "running", "sleeping", "waiting"] as const;
export const RUN_STATUSES = [...OPEN_RUN_STATUSES, "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function isOpenStatus(status: string): boolean {
  return (OPEN_RUN_STATUSES as readonly string[]).includes(status);
}

/**
 * When a throttled run may start: at most `limit` starts per `period` per key. Start times are
 * handed out in order per key (the leader creates runs one event at a time; an admin's replay may
 * add one beside it), so looking at the latest `limit` is enough: the new run starts no earlier
 * than one period after the oldest of them.
 */
async function throttledStart({
  client,
  fn,
  key,
  now,
}: {
  client: Queryable;
  fn: CompiledFunction;
  key: string;
  now: Date;
}): Promise<Date> {
  const throttle = fn.throttle!;
  const { rows } = await client.query<{ scheduled_at: Date }>(
    `SELECT scheduled_at FROM engine_runs WHERE function_id = $1 AND throttle_key = $2 ORDER BY scheduled_at DESC LIMIT $3`,
    [fn.id, key, throttle.limit],
  );
  if (rows.length < throttle.limit) return new Date(Math.max(now.getTime(), rows[0]?.scheduled_at.getTime() ?? 0));
  const oldest = rows[rows.length - 1].scheduled_at.getTime();
  return new Date(Math.max(now.getTime(), oldest + throttle.periodMs, rows[0].scheduled_at.getTime()));
}

/** Creates the run of `fn` for `event` (once per function and event) and queues its first call. */
export async function createRun({
  client,
  fn,
  event,
  triggerKey,
  now,
  replayOf = null,
}: {
  client: EngineClient;
  fn: CompiledFunction;
  event: EngineEvent;
  triggerKey: string;
  now: Date;
  replayOf?: string | null;
}): Promise<string | null> {
  let throttleKey: string | null = null;
  let scheduledAt = now;
  if (fn.throttle) {
    const keyValue = fn.throttle.key && fn.throttle.key.kind === "path" ? evaluateKey(fn.throttle.key.path, event) : "";
    throttleKey = keyValue;
    scheduledAt = await throttledStart({ client, fn, key: keyValue, now });
  }
  // The run and its first call in one round trip; nothing when this function already ran this event.
  const { rows } = await client.query<{ run_id: string }>(
    `WITH run AS (
       INSERT INTO engine_runs (id, function_id, trigger_key, event, status, throttle_key, scheduled_at, replay_of)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7) ON CONFLICT (trigger_key) DO NOTHING RETURNING id, scheduled_at)
     INSERT INTO engine_jobs (run_id, kind, run_at) SELECT id, 'call', scheduled_at FROM run RETURNING run_id`,
    [randomUUID(), fn.id, triggerKey, JSON.stringify(event), throttleKey, scheduledAt, replayOf],
  );
  return rows[0]?.run_id ?? null;
}

function evaluateKey(path: string[], event: EngineEvent): string {
  let value: unknown = { event };
  for (const key of ["event", ...path])
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
}

/** Ends an open run as cancelled: its jobs and waits go, its open steps say why they stopped. */
export async function cancelRun({
  client,
  runId,
  reason,
  now,
}: {
  client: EngineClient;
  runId: string;
  reason: string;
  now: Date;
}): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE engine_runs SET status = 'cancelled', ended_at = $3, cancel_reason = $2 WHERE id = $1 AND status = ANY($4::text[])`,
    [runId, reason.slice(0, 500), now, OPEN_RUN_STATUSES],
  );
  if (!rowCount) return false;
  await client.query(`DELETE FROM engine_jobs WHERE run_id = $1`, [runId]);
  await client.query(`DELETE FROM engine_waits WHERE run_id = $1`, [runId]);
  await client.query(
    `UPDATE engine_steps SET status = 'cancelled', ended_at = $2 WHERE run_id = $1 AND status IN ('running', 'sleeping', 'waiting')`,
    [runId, now],
  );
  return true;
}

/** Whether a cancelOn / waitForEvent condition holds for a run's own event and an incoming one. */
export function matchesRun(
  expression: Parameters<typeof evaluate>[0],
  runEvent: unknown,
  incoming: EngineEvent,
): boolean {
  return evaluate(expression, { event: runEvent, async: incoming });
}
