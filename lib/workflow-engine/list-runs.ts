import { z } from "zod";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { isUuid } from "../validation";
import { isOpenStatus, RUN_STATUSES, type RunStatus } from "./run-state";

/**
 * What /admin/workflows shows of the embedded engine, read through Prisma (the engine itself
 * writes these tables with raw SQL; see engine-db.ts). Nothing here changes anything.
 */

export const RUNS_PAGE_SIZE = 50;

/** The runs list's filter as it comes from the URL; a value that is not understood is ignored. */
const workflowFilterSchema = z.object({
  functionId: z.string().trim().min(1).max(200).optional().catch(undefined),
  status: z.enum(RUN_STATUSES).optional().catch(undefined),
});

export type WorkflowFilter = z.infer<typeof workflowFilterSchema>;

export function parseWorkflowFilter(params: Record<string, string | string[] | undefined>): WorkflowFilter {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return workflowFilterSchema.parse({ functionId: first(params.functionId), status: first(params.status) });
}

/** A run's status may be replayed (started again from its event) only once it has ended badly. */
const REPLAYABLE_STATUSES: readonly RunStatus[] = ["failed", "cancelled"];

export function isReplayableStatus(status: string): boolean {
  return (REPLAYABLE_STATUSES as readonly string[]).includes(status);
}

/** The engine stores errors as `{ name, message, stack? }` (call-function.ts's SerializedError). */
function errorMessage(error: Prisma.JsonValue | null): string | null {
  if (error === null || typeof error !== "object" || Array.isArray(error)) return null;
  const { name, message } = error as { name?: unknown; message?: unknown };
  const text = [typeof name === "string" ? name : null, typeof message === "string" ? message : null]
    .filter(Boolean)
    .join(": ");
  return text || JSON.stringify(error);
}

function eventName(event: Prisma.JsonValue): string | null {
  return event !== null && typeof event === "object" && !Array.isArray(event) && typeof event.name === "string"
    ? event.name
    : null;
}

const runRowSelect = {
  id: true,
  functionId: true,
  status: true,
  event: true,
  error: true,
  replayOf: true,
  scheduledAt: true,
  startedAt: true,
  endedAt: true,
  createdAt: true,
} satisfies Prisma.EngineRunSelect;

/** `runnable`: the engine runs the run's function now (synced, served, not refused), so a replay can start. */
function runRow(run: Prisma.EngineRunGetPayload<{ select: typeof runRowSelect }>, runnable: boolean) {
  return {
    id: run.id,
    functionId: run.functionId,
    status: run.status,
    eventName: eventName(run.event),
    errorMessage: errorMessage(run.error),
    replayOf: run.replayOf,
    scheduledAt: run.scheduledAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    createdAt: run.createdAt,
    replayable: runnable && isReplayableStatus(run.status),
    cancellable: isOpenStatus(run.status),
  };
}

export type WorkflowRunRow = ReturnType<typeof runRow>;

/** Functions as last synced, run counts per status, cron times, and the latest runs (filtered). */
export async function getWorkflowOverview({
  db,
  actor,
  filter,
}: {
  db: Db;
  actor: StaffActor;
  filter: WorkflowFilter;
}) {
  assertCan(actor, "page.workflows");
  const [functions, counts, crons, runs] = await Promise.all([
    db.engineFunction.findMany({
      orderBy: { id: "asc" },
      select: { id: true, name: true, refused: true, removedAt: true },
    }),
    db.engineRun.groupBy({ by: ["functionId", "status"], _count: { _all: true } }),
    db.engineCron.findMany({ orderBy: { nextAt: "asc" }, select: { functionId: true, cron: true, nextAt: true } }),
    db.engineRun.findMany({
      where: { functionId: filter.functionId, status: filter.status },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RUNS_PAGE_SIZE,
      select: runRowSelect,
    }),
  ]);
  const emptyCounts = () => Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
  const rows = new Map(
    functions.map((fn) => [
      fn.id,
      {
        id: fn.id,
        name: fn.name,
        refused: fn.refused,
        removed: fn.removedAt !== null,
        counts: emptyCounts(),
        crons: [] as { cron: string; nextAt: Date }[],
      },
    ]),
  );
  // Runs of a function the engine_functions table no longer lists still count (and show as removed).
  const entry = (functionId: string) => {
    let fn = rows.get(functionId);
    if (!fn)
      rows.set(
        functionId,
        (fn = { id: functionId, name: functionId, refused: null, removed: true, counts: emptyCounts(), crons: [] }),
      );
    return fn;
  };
  for (const count of counts) {
    if ((RUN_STATUSES as readonly string[]).includes(count.status))
      entry(count.functionId).counts[count.status as RunStatus] = count._count._all;
  }
  for (const cron of crons) entry(cron.functionId).crons.push({ cron: cron.cron, nextAt: cron.nextAt });
  const runnable = (functionId: string) => {
    const fn = rows.get(functionId);
    return Boolean(fn && fn.refused === null && !fn.removed);
  };
  return {
    functions: [...rows.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((fn) => ({ ...fn, canRunNow: runnable(fn.id) && fn.crons.length > 0 })),
    runs: runs.map((run) => runRow(run, runnable(run.functionId))),
    filter,
  };
}

export type WorkflowOverview = Awaited<ReturnType<typeof getWorkflowOverview>>;

/**
 * One run with everything the engine knows of it: steps in the order they finished (the SDK's
 * memo order; unfinished ones last, by start), open waits, pending jobs (a sleep's wake-up, a
 * wait's time-out, a retry), and the replays started from it.
 */
export async function getWorkflowRun({ db, actor, runId }: { db: Db; actor: StaffActor; runId: string }) {
  assertCan(actor, "page.workflows");
  // A malformed id would make PostgreSQL reject the uuid comparison: it is simply not a run.
  if (!isUuid(runId)) throw new AppError("not_found");
  const run = await db.engineRun.findUnique({
    where: { id: runId },
    include: {
      steps: { orderBy: [{ position: { sort: "asc", nulls: "last" } }, { startedAt: "asc" }] },
      waits: { orderBy: { expiresAt: "asc" } },
      jobs: { orderBy: [{ runAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!run) throw new AppError("not_found");
  const [fn, replays] = await Promise.all([
    db.engineFunction.findUnique({
      where: { id: run.functionId },
      select: { id: true, name: true, refused: true, removedAt: true },
    }),
    db.engineRun.findMany({
      where: { replayOf: run.id },
      orderBy: { createdAt: "asc" },
      select: { id: true, status: true, createdAt: true },
    }),
  ]);
  return {
    ...run,
    eventName: eventName(run.event),
    errorMessage: errorMessage(run.error),
    replayable: Boolean(fn && fn.refused === null && fn.removedAt === null) && isReplayableStatus(run.status),
    cancellable: isOpenStatus(run.status),
    function: fn ? { id: fn.id, name: fn.name, refused: fn.refused, removed: fn.removedAt !== null } : null,
    jobs: run.jobs.map((job) => ({ ...job, id: job.id.toString() })),
    replays,
  };
}

export type WorkflowRunDetail = Awaited<ReturnType<typeof getWorkflowRun>>;
