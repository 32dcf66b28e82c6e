import { inTransaction, toJsonb, type EngineClient, type EnginePool } from "./engine-db";
import { equalityLinks, evaluate, parseExpression, valueAt, type Expression } from "./expression";
import type { CompiledFunction } from "./function-config";
import { INTERNAL_EVENTS, type EngineEvent } from "./ingest-events";
import { cancelRun, createRun, matchesRun, OPEN_RUN_STATUSES } from "./run-state";

export type Registry = Map<string, CompiledFunction>;

/** `{"data":{"complaintId":"…"}}` from the equalities an expression requires, for `@>` on run events. */
function containmentFilter(expression: Expression, incoming: EngineEvent): Record<string, unknown> | null | "none" {
  const links = equalityLinks(expression, "event", "async");
  if (links.length === 0) return null;
  const filter: Record<string, unknown> = {};
  for (const { storedPath, incomingPath } of links) {
    const value = valueAt(incoming, incomingPath);
    // A missing value is never equal to anything (see evaluate): no run can match.
    if (value === undefined) return "none";
    // Objects and arrays compare by identity in our evaluator; leave them to it.
    if (typeof value === "object" && value !== null) return null;
    let cursor = filter;
    storedPath.forEach((key, index) => {
      if (index === storedPath.length - 1) cursor[key] = value;
      else cursor = (cursor[key] ??= {}) as Record<string, unknown>;
    });
  }
  return filter;
}

async function openRunsMatching({
  client,
  functionId,
  expression,
  incoming,
}: {
  client: EngineClient;
  functionId: string;
  expression: Expression;
  incoming: EngineEvent;
}) {
  const filter = containmentFilter(expression, incoming);
  if (filter === "none") return [];
  const { rows } = await client.query<{ id: string; event: unknown; trigger_key: string }>(
    `SELECT id, event, trigger_key FROM engine_runs WHERE function_id = $1 AND status = ANY($2::text[]) ${filter ? "AND event @> $3::jsonb" : ""}`,
    filter ? [functionId, OPEN_RUN_STATUSES, JSON.stringify(filter)] : [functionId, OPEN_RUN_STATUSES],
  );
  return rows.filter((row) => matchesRun(expression, row.event, incoming));
}

async function routeOne({
  client,
  registry,
  event,
  internalId,
  now,
  waitedFor,
}: {
  client: EngineClient;
  registry: Registry;
  event: EngineEvent;
  internalId: string;
  now: Date;
  waitedFor: Set<string>;
}) {
  let started = 0;
  // Scheduled events start only the function they were fired for (fire-crons creates that run itself).
  if (event.name !== INTERNAL_EVENTS.scheduledTimer) {
    for (const fn of registry.values()) {
      const trigger = fn.eventTriggers.find(
        (t) => t.event === event.name && (!t.expression || evaluate(t.expression, { event })),
      );
      if (trigger && (await createRun({ client, fn, event, triggerKey: `${fn.id}:${internalId}`, now }))) started += 1;
    }
  }
  for (const fn of registry.values()) {
    for (const cancel of fn.cancels.filter((c) => c.event === event.name)) {
      for (const run of await openRunsMatching({
        client,
        functionId: fn.id,
        expression: cancel.expression,
        incoming: event,
      })) {
        // The event that started a run does not cancel it.
        if (run.trigger_key === `${fn.id}:${internalId}`) continue;
        await cancelRun({ client, runId: run.id, reason: `cancelled by ${event.name} (${event.id})`, now });
      }
    }
  }
  if (waitedFor.has(event.name)) await resolveWaits({ client, event, now });
  return started;
}

/** Open step.waitForEvent calls this event satisfies: the step gets the event, the run continues. */
async function resolveWaits({ client, event, now }: { client: EngineClient; event: EngineEvent; now: Date }) {
  const { rows: expressions } = await client.query<{ expression: string | null }>(
    `SELECT DISTINCT expression FROM engine_waits WHERE event_name = $1 AND expires_at > $2`,
    [event.name, now],
  );
  for (const { expression: source } of expressions) {
    const expression = source ? parseExpression(source) : null;
    const filter = expression ? containmentFilter(expression, event) : null;
    if (filter === "none") continue;
    const { rows } = await client.query<{ run_id: string; step_id: string; event: unknown }>(
      `SELECT w.run_id, w.step_id, r.event FROM engine_waits w JOIN engine_runs r ON r.id = w.run_id
       WHERE w.event_name = $1 AND w.expires_at > $2 AND w.expression IS NOT DISTINCT FROM $3 ${filter ? "AND r.event @> $4::jsonb" : ""}`,
      filter ? [event.name, now, source, JSON.stringify(filter)] : [event.name, now, source],
    );
    for (const wait of rows) {
      if (expression && !matchesRun(expression, wait.event, event)) continue;
      await completeWait({ client, runId: wait.run_id, stepId: wait.step_id, data: event, now });
    }
  }
}

/**
 * Ends a wait with the event (or null on timeout) and queues the call that continues the run.
 * The wait row is the arbiter: whoever deletes it (the event or the timeout) decides, once.
 */
export async function completeWait({
  client,
  runId,
  stepId,
  data,
  now,
}: {
  client: EngineClient;
  runId: string;
  stepId: string;
  data: EngineEvent | null;
  now: Date;
}): Promise<boolean> {
  await client.query(`SELECT 1 FROM engine_runs WHERE id = $1 FOR UPDATE`, [runId]); // the run first, as every writer does
  const { rowCount } = await client.query(`DELETE FROM engine_waits WHERE run_id = $1 AND step_id = $2`, [
    runId,
    stepId,
  ]);
  if (!rowCount) return false;
  await client.query(
    `UPDATE engine_steps SET status = 'completed', data = $3, ended_at = $4, position = (SELECT coalesce(max(position), -1) + 1 FROM engine_steps WHERE run_id = $1) WHERE run_id = $1 AND id = $2`,
    [runId, stepId, toJsonb(data), now],
  );
  await client.query(`DELETE FROM engine_jobs WHERE run_id = $1 AND kind = 'wait_timeout' AND step_id = $2`, [
    runId,
    stepId,
  ]);
  await client.query(`INSERT INTO engine_jobs (run_id, kind, run_at) VALUES ($1, 'call', $2)`, [runId, now]);
  await client.query(`UPDATE engine_runs SET status = 'queued' WHERE id = $1 AND status = ANY($2::text[])`, [
    runId,
    OPEN_RUN_STATUSES,
  ]);
  return true;
}

type StoredEvent = { internal_id: string; id: string; name: string; data: Record<string, unknown>; ts: Date };

async function routeGroup({
  pool,
  registry,
  rows,
  now,
}: {
  pool: EnginePool;
  registry: Registry;
  rows: StoredEvent[];
  now: () => Date;
}): Promise<number> {
  return inTransaction(pool, async (client) => {
    // Claim the group (another leader's leftovers are skipped) and learn which names are awaited.
    const { rows: claimed } = await client.query<{ internal_id: string }>(
      `UPDATE engine_events SET processed_at = $2 WHERE internal_id = ANY($1::bigint[]) AND processed_at IS NULL RETURNING internal_id`,
      [rows.map((r) => r.internal_id), now()],
    );
    const mine = new Set(claimed.map((r) => r.internal_id));
    const { rows: awaited } = await client.query<{ event_name: string }>(
      `SELECT DISTINCT event_name FROM engine_waits WHERE event_name = ANY($1::text[])`,
      [[...new Set(rows.map((r) => r.name))]],
    );
    const waitedFor = new Set(awaited.map((r) => r.event_name));
    let started = 0;
    for (const row of rows) {
      if (!mine.has(row.internal_id)) continue;
      started += await routeOne({
        client,
        registry,
        event: { id: row.id, name: row.name, data: row.data, ts: row.ts.getTime() },
        internalId: row.internal_id,
        now: now(),
        waitedFor,
      });
    }
    return started;
  });
}

// Errors worth simply trying again (deadlock, serialization, lost connection, shutdown).
const TRANSIENT = /^(40001|40P01|08...|57P0[1-3]|53300)$/;
const SET_ASIDE_AFTER = 5;
const failures = new Map<string, number>();

/**
 * Routes stored events in arrival order: start the functions they trigger, cancel the runs they
 * cancel, satisfy the waits they match. Events are routed in groups, one transaction per group
 * (a wave of events costs a commit per group, not per event); if a group fails, its events are
 * routed one by one; one that still fails is tried again on the next round (events stay in order),
 * and set aside with a log line only after failing SET_ASIDE_AFTER times for a non-transient reason,
 * rather than blocking every event behind it. Returns how many events were routed (0 = none).
 */
export async function routeEvents({
  pool,
  registry,
  now = () => new Date(),
  batchSize = 200,
  groupSize = 50,
  log = console,
}: {
  pool: EnginePool;
  registry: Registry;
  now?: () => Date;
  batchSize?: number;
  groupSize?: number;
  log?: Pick<Console, "error">;
}): Promise<{ routed: number; started: number }> {
  const { rows } = await pool.query<StoredEvent>(
    `SELECT internal_id, id, name, data, ts FROM engine_events WHERE processed_at IS NULL ORDER BY internal_id LIMIT $1`,
    [batchSize],
  );
  let started = 0;
  for (let i = 0; i < rows.length; i += groupSize) {
    const group = rows.slice(i, i + groupSize);
    try {
      started += await routeGroup({ pool, registry, rows: group, now });
    } catch {
      for (const row of group) {
        try {
          started += await routeGroup({ pool, registry, rows: [row], now });
          failures.delete(row.internal_id);
        } catch (error) {
          // Nothing is lost to a passing failure: the event stays and is routed again next time.
          // Only one that keeps failing for another reason is set aside, so it cannot block the rest.
          const count = (failures.get(row.internal_id) ?? 0) + 1;
          failures.set(row.internal_id, count);
          const code = String((error as { code?: string }).code ?? "");
          if (TRANSIENT.test(code) || count < SET_ASIDE_AFTER) return { routed: 0, started };
          failures.delete(row.internal_id);
          log.error(
            `[engine] event ${row.id} (${row.name}) failed routing ${count} times and is set aside: ${(error as Error).message}`,
          );
          await pool.query(`UPDATE engine_events SET processed_at = $2 WHERE internal_id = $1`, [
            row.internal_id,
            now(),
          ]);
        }
      }
    }
  }
  return { routed: rows.length, started };
}
