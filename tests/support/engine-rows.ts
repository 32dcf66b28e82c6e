import { randomUUID } from "node:crypto";
import { testDb } from "./db-helpers";

/**
 * Engine rows written straight into the tables, the way the engine leaves them, for tests of
 * what admins see and do (/admin/workflows) without running the engine itself.
 */

/** A configuration the engine accepts: one HTTP step entry, triggered by an event or a cron. */
function testFunctionConfig({
  id,
  trigger = { event: "kesu/complaint.created" },
}: {
  id: string;
  trigger?: { event: string } | { cron: string };
}) {
  return {
    id,
    name: id,
    triggers: [trigger],
    steps: {
      step: {
        id: "step",
        name: "step",
        runtime: { type: "http", url: `http://127.0.0.1:9/api/inngest?fnId=${id}&stepId=step` },
      },
    },
  };
}

export async function seedEngineFunction({
  id,
  trigger,
  refused = null,
  removedAt = null,
  config = testFunctionConfig({ id, trigger }),
}: {
  id: string;
  trigger?: { event: string } | { cron: string };
  refused?: string | null;
  removedAt?: Date | null;
  config?: unknown;
}) {
  await testDb.$executeRaw`INSERT INTO engine_functions (id, name, url, config, refused, removed_at) VALUES (${id}, ${id}, 'http://127.0.0.1:9/api/inngest', ${JSON.stringify(config)}::jsonb, ${refused}, ${removedAt})`;
  if (trigger && "cron" in trigger && !refused)
    await testDb.$executeRaw`INSERT INTO engine_crons (function_id, cron, next_at) VALUES (${id}, ${trigger.cron}, now() + interval '1 hour')`;
}

export type SeededRun = { id: string; event: { id: string; name: string; data: Record<string, unknown>; ts: number } };

export async function seedEngineRun({
  functionId,
  status,
  createdAt = new Date(),
  error = null,
  eventName = "kesu/complaint.created",
  withCallJob = false,
}: {
  functionId: string;
  status: string;
  createdAt?: Date;
  error?: { name: string; message: string } | null;
  eventName?: string;
  withCallJob?: boolean;
}): Promise<SeededRun> {
  const id = randomUUID();
  const event = { id: `evt-${id}`, name: eventName, data: { complaintId: randomUUID() }, ts: createdAt.getTime() };
  const ended = ["completed", "failed", "cancelled"].includes(status) ? createdAt : null;
  await testDb.$executeRaw`INSERT INTO engine_runs (id, function_id, trigger_key, event, status, scheduled_at, started_at, ended_at, error, created_at)
    VALUES (${id}::uuid, ${functionId}, ${`${functionId}:${id}`}, ${JSON.stringify(event)}::jsonb, ${status}, ${createdAt}, ${createdAt}, ${ended}, ${error ? JSON.stringify(error) : null}::jsonb, ${createdAt})`;
  if (withCallJob)
    await testDb.$executeRaw`INSERT INTO engine_jobs (run_id, kind, run_at) VALUES (${id}::uuid, 'call', ${createdAt})`;
  return { id, event };
}

export async function seedEngineStep({
  runId,
  id,
  op = "StepRun",
  status = "completed",
  position = null,
  startedAt,
  endedAt = null,
  dueAt = null,
  data = null,
}: {
  runId: string;
  id: string;
  op?: string;
  status?: string;
  position?: number | null;
  startedAt: Date;
  endedAt?: Date | null;
  dueAt?: Date | null;
  data?: unknown;
}) {
  await testDb.$executeRaw`INSERT INTO engine_steps (run_id, id, name, op, status, position, data, attempts, due_at, started_at, ended_at)
    VALUES (${runId}::uuid, ${id}, ${id}, ${op}, ${status}, ${position}, ${data === null ? null : JSON.stringify(data)}::jsonb, 1, ${dueAt}, ${startedAt}, ${endedAt})`;
}
