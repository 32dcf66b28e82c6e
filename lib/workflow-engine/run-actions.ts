import { randomUUID } from "node:crypto";
import { z } from "zod";
import { pgAuditWriter } from "../audit/pg-audit-writer";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { isUuid } from "../validation";
import { inTransaction, type EnginePool } from "./engine-db";
import { triggerCronNow } from "./fire-crons";
import { judgeFunction, type CompiledFunction } from "./function-config";
import { isReplayableStatus } from "./list-runs";
import { cancelRun, createRun, isOpenStatus } from "./run-state";

/**
 * What admins may do to the engine from /admin/workflows. Reads go through Prisma; every write
 * goes through the engine's own helpers on its pg pool, in one transaction with its audit entry
 * where the helper lets us pass the transaction.
 */

const auditActor = (actor: StaffActor): AuditActor => ({ type: "staff", id: actor.id, label: actor.email });

// The event as the engine stored it on the run (ingest-events.ts's EngineEvent).
const storedEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  ts: z.number(),
});

async function findRun({ db, runId }: { db: Db; runId: string }) {
  if (!isUuid(runId)) throw new AppError("not_found");
  const run = await db.engineRun.findUnique({
    where: { id: runId },
    select: { id: true, functionId: true, status: true, event: true },
  });
  if (!run) throw new AppError("not_found");
  return run;
}

/**
 * The function as the engine runs it: in the last sync, still served and not refused. Its stored
 * configuration was judged at that sync; judging it again compiles it (crons, throttle) and
 * refuses it too should this engine version no longer accept it. A function never synced is
 * refused the same way.
 */
async function runnableFunction({ db, functionId }: { db: Db; functionId: string }): Promise<CompiledFunction> {
  const row = await db.engineFunction.findUnique({
    where: { id: functionId },
    select: { config: true, refused: true, removedAt: true },
  });
  const judged = row && row.refused === null && row.removedAt === null ? judgeFunction(row.config) : null;
  if (!judged?.ok) throw new AppError("workflow_function_unavailable");
  return judged.fn;
}

/**
 * Starts a failed or cancelled run again as a new run of the same function with the same event
 * (Inngest's "replay"): no memoised steps, so every step runs again. The old run stays as it was;
 * the new one points back to it. A random part in the trigger key lets a run be replayed twice.
 */
export async function replayRun({
  pool,
  db,
  actor,
  runId,
  now = new Date(),
}: {
  pool: EnginePool;
  db: Db;
  actor: StaffActor;
  runId: string;
  now?: Date;
}): Promise<{ runId: string }> {
  assertCan(actor, "workflows.manage");
  const run = await findRun({ db, runId });
  // Failed and cancelled are final (the engine never reopens a run), so this check cannot go stale.
  if (!isReplayableStatus(run.status)) throw new AppError("workflow_run_not_replayable");
  const fn = await runnableFunction({ db, functionId: run.functionId });
  const event = storedEventSchema.parse(run.event);
  const newRunId = await inTransaction(pool, async (client) => {
    const id = await createRun({
      client,
      fn,
      event,
      triggerKey: `replay:${run.id}:${randomUUID()}`,
      now,
      replayOf: run.id,
    });
    if (!id) throw new Error(`replay of run ${run.id} collided with an existing trigger key`);
    await recordAudit({
      db: pgAuditWriter(client),
      entry: {
        actor: auditActor(actor),
        action: "workflow.replay",
        target: { type: "workflow_run", id: run.id },
        before: { status: run.status },
        after: { runId: id, functionId: fn.id },
      },
    });
    return id;
  });
  return { runId: newRunId };
}

/** Cancels an open run (its jobs and waits go; see cancelRun), saying who did it and where. */
export async function cancelWorkflowRun({
  pool,
  db,
  actor,
  runId,
  now = new Date(),
}: {
  pool: EnginePool;
  db: Db;
  actor: StaffActor;
  runId: string;
  now?: Date;
}): Promise<void> {
  assertCan(actor, "workflows.manage");
  const run = await findRun({ db, runId });
  if (!isOpenStatus(run.status)) throw new AppError("workflow_run_not_open");
  const reason = `cancelled by ${actor.email} at /admin/workflows`;
  await inTransaction(pool, async (client) => {
    // The engine may have finished the run since it was read: cancelRun only ends open runs.
    if (!(await cancelRun({ client, runId: run.id, reason, now }))) throw new AppError("workflow_run_not_open");
    await recordAudit({
      db: pgAuditWriter(client),
      entry: {
        actor: auditActor(actor),
        action: "workflow.cancel",
        target: { type: "workflow_run", id: run.id },
        before: { status: run.status },
        after: { status: "cancelled", reason },
      },
    });
  });
}

/** Starts a cron function's run now, off-schedule, through the engine (its schedule is untouched). */
export async function runCronNow({
  pool,
  db,
  actor,
  functionId,
  now = new Date(),
}: {
  pool: EnginePool;
  db: Db;
  actor: StaffActor;
  functionId: string;
  now?: Date;
}): Promise<{ runId: string }> {
  assertCan(actor, "workflows.manage");
  const fn = await runnableFunction({ db, functionId });
  if (fn.crons.length === 0) throw new AppError("workflow_not_cron");
  const runId = await inTransaction(pool, async (client) => {
    const id = await triggerCronNow({ client, fn, now });
    if (!id) throw new AppError("workflow_not_cron");
    await recordAudit({
      db: pgAuditWriter(client),
      entry: {
        actor: auditActor(actor),
        action: "workflow.run_now",
        target: { type: "workflow_function", id: fn.id },
        after: { runId: id, cron: fn.crons[0]!.cron },
      },
    });
    return id;
  });
  return { runId };
}
