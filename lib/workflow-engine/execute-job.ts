import { callFunction, type Op, type Outcome, type SerializedError } from "./call-function";
import { inTransaction, toJsonb, type EngineClient, type EnginePool } from "./engine-db";
import { parseExpression } from "./expression";
import { parseDuration } from "./function-config";
import { INTERNAL_EVENTS, storeEvents, type EngineEvent } from "./ingest-events";
import { completeWait, type Registry } from "./route-events";
import { cancelRun, isOpenStatus, OPEN_RUN_STATUSES } from "./run-state";

export type Job = { id: string; run_id: string; kind: string; step_id: string | null; attempt: number; run_at: Date };

export type ExecuteOptions = {
  pool: EnginePool;
  registry: Registry;
  signingKey: string;
  retryBaseMs: number;
  callTimeoutMs: number;
  now: () => Date;
};

const FAILURE_SUFFIX = "-failure";
const MAX_BACKOFF_MS = 60 * 60_000;

/** Exponential backoff with ±20 % jitter, so many failing runs do not retry in lockstep. */
function backoffMs(attempt: number, baseMs: number): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/**
 * Deletes the job being finished; false = it is gone (the run was cancelled, or another path
 * finished it), and then nothing of this job's outcome may be written.
 */
async function takeJob(client: EngineClient, job: Job): Promise<boolean> {
  // Every writer locks the run row first (cancel, wait resolution, outcomes): one lock order, no deadlocks.
  await client.query(`SELECT 1 FROM engine_runs WHERE id = $1 FOR UPDATE`, [job.run_id]);
  const { rowCount } = await client.query(`DELETE FROM engine_jobs WHERE id = $1`, [job.id]);
  return Boolean(rowCount);
}

/** A step the SDK reports as pending (a sleep or a wait); false when the engine already knows it. */
async function newPendingStep(
  client: EngineClient,
  runId: string,
  op: Op,
  status: "sleeping" | "waiting",
  dueAt: Date,
): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO engine_steps (run_id, id, name, op, status, due_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, id) DO NOTHING`,
    [runId, op.id, (op.displayName ?? op.name ?? op.id).slice(0, 200), op.op, status, dueAt],
  );
  return Boolean(rowCount);
}

async function queueCall(
  client: EngineClient,
  runId: string,
  at: Date,
  { stepId = null, attempt = 0 }: { stepId?: string | null; attempt?: number } = {},
) {
  await client.query(
    `INSERT INTO engine_jobs (run_id, kind, step_id, attempt, run_at) VALUES ($1, 'call', $2, $3, $4)`,
    [runId, stepId, attempt, at],
  );
}

async function setRunStatus(client: EngineClient, runId: string) {
  // The run's status follows its pending work: a call → queued; else a wait → waiting; else a sleep.
  await client.query(
    `UPDATE engine_runs r SET status = CASE
        WHEN EXISTS (SELECT 1 FROM engine_jobs j WHERE j.run_id = r.id AND j.kind = 'call') THEN 'queued'
        WHEN EXISTS (SELECT 1 FROM engine_waits w WHERE w.run_id = r.id) THEN 'waiting'
        WHEN EXISTS (SELECT 1 FROM engine_jobs j WHERE j.run_id = r.id AND j.kind = 'sleep_done') THEN 'sleeping'
        ELSE r.status END
     WHERE r.id = $1 AND r.status = ANY($2::text[])`,
    [runId, OPEN_RUN_STATUSES],
  );
}

async function finishRun({
  client,
  runId,
  functionId,
  event,
  status,
  output,
  error,
  now,
}: {
  client: EngineClient;
  runId: string;
  functionId: string;
  event: EngineEvent;
  status: "completed" | "failed";
  output?: unknown;
  error?: SerializedError;
  now: Date;
}) {
  // One round trip: the run ends, its pending work goes, open steps say they stopped.
  await client.query(
    `WITH run AS (UPDATE engine_runs SET status = $2, output = $3, error = $4, ended_at = $5, started_at = coalesce(started_at, $5) WHERE id = $1),
          jobs AS (DELETE FROM engine_jobs WHERE run_id = $1),
          waits AS (DELETE FROM engine_waits WHERE run_id = $1)
     UPDATE engine_steps SET status = 'cancelled', ended_at = $5 WHERE run_id = $1 AND status IN ('running', 'sleeping', 'waiting')`,
    [runId, status, output === undefined ? null : toJsonb(output), error ? toJsonb(error) : null, now],
  );
  // Inngest's failure event: starts the function's onFailure handler (its trigger matches function_id).
  if (status === "failed" && !functionId.endsWith(FAILURE_SUFFIX)) {
    await storeEvents({
      client,
      events: [
        {
          id: `failed-${runId}`,
          name: INTERNAL_EVENTS.functionFailed,
          ts: now.getTime(),
          data: { function_id: functionId, run_id: runId, error: error ?? null, event },
        },
      ],
    });
  }
}

/** Upserts a step; `finished` gives it the next place in the run's completion order. */
async function recordStep(
  client: EngineClient,
  runId: string,
  op: Op,
  fields: {
    status: string;
    data?: unknown;
    error?: unknown;
    attempts?: number;
    dueAt?: Date | null;
    ended?: Date | null;
    finished?: boolean;
  },
) {
  await client.query(
    `INSERT INTO engine_steps (run_id, id, name, op, status, data, error, attempts, due_at, ended_at, position, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             CASE WHEN $11::boolean THEN (SELECT coalesce(max(position), -1) + 1 FROM engine_steps WHERE run_id = $1) END, coalesce($12, now()))
     ON CONFLICT (run_id, id) DO UPDATE SET status = excluded.status, data = excluded.data, error = excluded.error, op = excluded.op,
       attempts = excluded.attempts, due_at = excluded.due_at, ended_at = excluded.ended_at, position = excluded.position
     -- A finished step is final: a late answer that still lists it changes nothing.
     WHERE engine_steps.status NOT IN ('completed', 'failed')`,
    [
      runId,
      op.id,
      (op.displayName ?? op.name ?? op.id).slice(0, 200),
      op.op,
      fields.status,
      fields.data === undefined ? null : toJsonb(fields.data),
      fields.error === undefined ? null : toJsonb(fields.error),
      fields.attempts ?? 0,
      fields.dueAt ?? null,
      fields.ended ?? null,
      fields.finished ?? false,
      null,
    ],
  );
}

function sleepUntil(op: Op, now: Date): Date | null {
  const name = op.name ?? "";
  if (name === "") return now; // step.sleep(0): the SDK writes an empty duration
  const duration = parseDuration(name);
  if (duration !== null) return new Date(now.getTime() + duration);
  const at = Date.parse(name);
  return Number.isNaN(at) ? null : new Date(at);
}

/** Acts on the SDK's answer to a call, in the transaction that takes the job. */
async function applyOutcome({
  client,
  job,
  run,
  outcome,
  maxAttempts,
  options,
}: {
  client: EngineClient;
  job: Job;
  run: { id: string; function_id: string; event: EngineEvent };
  outcome: Outcome;
  maxAttempts: number;
  options: ExecuteOptions;
}) {
  const now = options.now();
  const fail = (error: SerializedError) =>
    finishRun({ client, runId: run.id, functionId: run.function_id, event: run.event, status: "failed", error, now });
  if (outcome.kind === "completed")
    return finishRun({
      client,
      runId: run.id,
      functionId: run.function_id,
      event: run.event,
      status: "completed",
      output: outcome.output,
      now,
    });
  if (outcome.kind === "error") {
    if (outcome.retriable && job.attempt + 1 < maxAttempts) {
      await queueCall(
        client,
        run.id,
        new Date(now.getTime() + (outcome.retryAfterMs ?? backoffMs(job.attempt, options.retryBaseMs))),
        { stepId: job.step_id, attempt: job.attempt + 1 },
      );
      await client.query(`UPDATE engine_runs SET error = $2 WHERE id = $1`, [run.id, toJsonb(outcome.error)]);
      return setRunStatus(client, run.id);
    }
    return fail(outcome.error);
  }
  let continueNow = false;
  for (const op of outcome.ops) {
    switch (op.op) {
      case "RunComplete":
        return finishRun({
          client,
          runId: run.id,
          functionId: run.function_id,
          event: run.event,
          status: "completed",
          output: op.data ?? null,
          now,
        });
      case "StepRun":
      case "Step":
        await recordStep(client, run.id, op, {
          status: "completed",
          data: op.data ?? null,
          attempts: job.attempt + 1,
          ended: now,
          finished: true,
        });
        continueNow = true;
        break;
      case "StepError": {
        if (job.attempt + 1 < maxAttempts) {
          await recordStep(client, run.id, op, { status: "running", error: op.error, attempts: job.attempt + 1 });
          await queueCall(
            client,
            run.id,
            new Date(now.getTime() + (outcome.retryAfterMs ?? backoffMs(job.attempt, options.retryBaseMs))),
            { stepId: job.step_id, attempt: job.attempt + 1 },
          );
          break;
        }
        // Out of attempts although the SDK still called it retriable: the step has failed.
        await recordStep(client, run.id, op, {
          status: "failed",
          error: op.error,
          attempts: job.attempt + 1,
          ended: now,
          finished: true,
        });
        continueNow = true;
        break;
      }
      case "StepFailed":
        // The function gets the error back (it may catch it); uncaught, it fails the run next call.
        await recordStep(client, run.id, op, {
          status: "failed",
          error: op.error,
          attempts: job.attempt + 1,
          ended: now,
          finished: true,
        });
        continueNow = true;
        break;
      case "StepPlanned": {
        const { rowCount } = await client.query(
          `SELECT 1 FROM engine_jobs WHERE run_id = $1 AND kind = 'call' AND step_id = $2`,
          [run.id, op.id],
        );
        if (!rowCount) await queueCall(client, run.id, now, { stepId: op.id });
        break;
      }
      case "Sleep": {
        const until = sleepUntil(op, now);
        if (!until)
          return fail({
            name: "EngineError",
            message: `step "${op.displayName ?? op.id}" asked to sleep for an unreadable time "${op.name}"`,
          });
        // Parallel branches report a pending sleep on every call: only the first report schedules it.
        if (await newPendingStep(client, run.id, op, "sleeping", until)) {
          await client.query(
            `INSERT INTO engine_jobs (run_id, kind, step_id, run_at) VALUES ($1, 'sleep_done', $2, $3)`,
            [run.id, op.id, until],
          );
        }
        break;
      }
      case "WaitForEvent": {
        const opts = op.opts ?? {};
        const timeout = typeof opts.timeout === "string" ? parseDuration(opts.timeout) : null;
        const expression = typeof opts.if === "string" ? opts.if : null;
        if (timeout === null || !op.name)
          return fail({
            name: "EngineError",
            message: `step "${op.displayName ?? op.id}" waits with an unreadable timeout or event`,
          });
        if (expression) {
          try {
            parseExpression(expression);
          } catch (error) {
            return fail({
              name: "EngineError",
              message: `step "${op.displayName ?? op.id}" waits with an expression the engine cannot evaluate: ${(error as Error).message}`,
            });
          }
        }
        const expiresAt = new Date(now.getTime() + timeout);
        // Only the first report opens the wait: a later one (parallel branches) must not reopen a
        // wait an event already satisfied, nor restart its timeout.
        if (await newPendingStep(client, run.id, op, "waiting", expiresAt)) {
          await client.query(
            `INSERT INTO engine_waits (run_id, step_id, event_name, expression, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [run.id, op.id, op.name, expression, expiresAt],
          );
          await client.query(
            `INSERT INTO engine_jobs (run_id, kind, step_id, run_at) VALUES ($1, 'wait_timeout', $2, $3)`,
            [run.id, op.id, expiresAt],
          );
        }
        break;
      }
      default:
        return fail({
          name: "EngineError",
          message: `step "${op.displayName ?? op.id}" uses "${op.op}", which the embedded engine does not support (use Inngest for it)`,
        });
    }
  }
  if (continueNow) {
    // Parallel planned steps each report back; the function is called again once none is left.
    // Either way a call is pending now, so the run is queued (one round trip for both).
    await client.query(
      `WITH next_call AS (INSERT INTO engine_jobs (run_id, kind, run_at) SELECT $1, 'call', $2 WHERE NOT EXISTS (SELECT 1 FROM engine_jobs WHERE run_id = $1 AND kind = 'call'))
       UPDATE engine_runs SET status = 'queued' WHERE id = $1 AND status = ANY($3::text[])`,
      [run.id, now, OPEN_RUN_STATUSES],
    );
    return;
  }
  await setRunStatus(client, run.id);
}

/** Runs one due job to its end. Safe to call for a job another path already finished. */
export async function executeJob(job: Job, options: ExecuteOptions): Promise<void> {
  const { pool, now } = options;
  if (job.kind === "sleep_done") {
    await inTransaction(pool, async (client) => {
      if (!(await takeJob(client, job))) return;
      const at = now();
      const { rowCount } = await client.query(
        `UPDATE engine_steps SET status = 'completed', data = 'null'::jsonb, ended_at = $3, position = (SELECT coalesce(max(position), -1) + 1 FROM engine_steps WHERE run_id = $1) WHERE run_id = $1 AND id = $2 AND status = 'sleeping'`,
        [job.run_id, job.step_id, at],
      );
      if (!rowCount) return; // a stale job for a sleep that already ended
      await client.query(
        `INSERT INTO engine_jobs (run_id, kind, run_at) SELECT $1, 'call', $2 WHERE NOT EXISTS (SELECT 1 FROM engine_jobs WHERE run_id = $1 AND kind = 'call')`,
        [job.run_id, at],
      );
      await setRunStatus(client, job.run_id);
    });
    return;
  }
  if (job.kind === "wait_timeout") {
    await inTransaction(pool, async (client) => {
      // completeWait locks the run, ends the wait (if an event has not) and deletes this job with it.
      await completeWait({ client, runId: job.run_id, stepId: job.step_id!, data: null, now: now() });
      await client.query(`DELETE FROM engine_jobs WHERE id = $1`, [job.id]);
    });
    return;
  }
  // One round trip: the run, its memoised steps in completion order, and — if it is open — marked
  // running for /admin/workflows (the SELECT sees the row as it was, so `status` is the old one).
  const { rows: runs } = await pool.query<{
    id: string;
    function_id: string;
    event: EngineEvent;
    status: string;
    steps: { id: string; status: string; data: unknown; error: unknown }[] | null;
  }>(
    `WITH running AS (UPDATE engine_runs SET status = 'running', started_at = coalesce(started_at, $2) WHERE id = $1 AND status = ANY($3::text[]))
     SELECT r.id, r.function_id, r.event, r.status,
            (SELECT json_agg(json_build_object('id', s.id, 'status', s.status, 'data', s.data, 'error', s.error) ORDER BY s.position)
               FROM engine_steps s WHERE s.run_id = r.id AND s.status IN ('completed', 'failed')) AS steps
     FROM engine_runs r WHERE r.id = $1`,
    [job.run_id, now(), OPEN_RUN_STATUSES],
  );
  const run = runs[0];
  const fn = run ? options.registry.get(run.function_id) : undefined;
  if (!run || !isOpenStatus(run.status) || !fn) {
    await inTransaction(pool, async (client) => {
      if (!(await takeJob(client, job))) return;
      if (run && !fn)
        await cancelRun({
          client,
          runId: run.id,
          reason: `function ${run.function_id} is no longer served by the app`,
          now: now(),
        });
    });
    return;
  }
  const steps = run.steps ?? [];
  const outcome = await callFunction({
    url: fn.url,
    stepId: job.step_id,
    event: run.event,
    steps: steps.map((s) => (s.status === "failed" ? { id: s.id, error: s.error } : { id: s.id, data: s.data })),
    stack: steps.map((s) => s.id),
    runId: run.id,
    attempt: job.attempt,
    maxAttempts: fn.maxAttempts,
    signingKey: options.signingKey,
    timeoutMs: options.callTimeoutMs,
  });
  try {
    await inTransaction(pool, async (client) => {
      if (!(await takeJob(client, job))) return;
      await applyOutcome({ client, job, run, outcome, maxAttempts: fn.maxAttempts, options });
    });
  } catch (error) {
    // The answer could not be stored. Left as it is, the due job would call the function again at
    // once, forever: count it as a failed attempt instead (backoff, then the run fails with why).
    const reason: SerializedError = {
      name: "EngineStoreError",
      message: `the engine could not store the function's answer: ${(error as Error).message}`.slice(0, 2000),
    };
    await inTransaction(pool, async (client) => {
      if (!(await takeJob(client, job))) return;
      await applyOutcome({
        client,
        job,
        run,
        outcome: { kind: "error", error: reason, retriable: true, retryAfterMs: null },
        maxAttempts: fn.maxAttempts,
        options,
      });
    });
  }
}
