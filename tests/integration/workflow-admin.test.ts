import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { createEnginePool } from "../../lib/workflow-engine/engine-db";
import { getWorkflowOverview, getWorkflowRun, parseWorkflowFilter } from "../../lib/workflow-engine/list-runs";
import { cancelWorkflowRun, replayRun, runCronNow } from "../../lib/workflow-engine/run-actions";
import { resetData, testDb } from "../support/db-helpers";
import { resetEngineTables } from "../support/engine-harness";
import { seedEngineFunction, seedEngineRun, seedEngineStep } from "../support/engine-rows";
import { createStaff } from "../support/staff";

/** /admin/workflows against the real engine tables: what admins see, and what they may change. */
const pool = createEnginePool(process.env.DATABASE_URL!, 2);
afterAll(async () => {
  await pool.end();
  await testDb.$disconnect();
});

const FN = "kesu-test-fn";
let admin: StaffActor;
beforeEach(async () => {
  await resetData();
  await resetEngineTables(pool);
  admin = await createStaff({ role: "admin", email: "admin@test.kesu" });
  await seedEngineFunction({ id: FN });
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: { code?: string }) => error.code ?? String(error),
  );
const auditEntries = (action: string) => testDb.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("workflow overview", () => {
  it("counts runs per function and status, shows refused functions and crons, lists the latest runs", async () => {
    await seedEngineFunction({
      id: "kesu-refused-fn",
      refused: "uses `debounce`, which the embedded engine does not support",
    });
    await seedEngineFunction({ id: "kesu-cron-fn", trigger: { cron: "TZ=Asia/Shanghai 0 9 * * 1" } });
    await seedEngineRun({
      functionId: FN,
      status: "failed",
      createdAt: minutesAgo(30),
      error: { name: "Error", message: "shop API answered 502" },
    });
    await seedEngineRun({ functionId: FN, status: "failed", createdAt: minutesAgo(20) });
    await seedEngineRun({ functionId: FN, status: "completed", createdAt: minutesAgo(10) });
    const latest = await seedEngineRun({
      functionId: FN,
      status: "queued",
      createdAt: minutesAgo(1),
      withCallJob: true,
    });
    await seedEngineRun({
      functionId: "kesu-cron-fn",
      status: "completed",
      createdAt: minutesAgo(5),
      eventName: "inngest/scheduled.timer",
    });

    const overview = await getWorkflowOverview({ db: testDb, actor: admin, filter: {} });
    const byId = Object.fromEntries(overview.functions.map((fn) => [fn.id, fn]));
    expect(byId[FN]!.counts).toEqual({
      queued: 1,
      running: 0,
      sleeping: 0,
      waiting: 0,
      completed: 1,
      failed: 2,
      cancelled: 0,
    });
    expect(byId["kesu-cron-fn"]!.counts.completed).toBe(1);
    expect(byId["kesu-refused-fn"]!.refused).toMatch(/debounce/);
    expect(byId["kesu-cron-fn"]!.crons).toEqual([{ cron: "TZ=Asia/Shanghai 0 9 * * 1", nextAt: expect.any(Date) }]);
    expect(byId[FN]!.crons).toEqual([]);
    expect(overview.runs.map((run) => run.id)[0]).toBe(latest.id);
    expect(overview.runs).toHaveLength(5);

    const failed = await getWorkflowOverview({
      db: testDb,
      actor: admin,
      filter: parseWorkflowFilter({ functionId: FN, status: "failed" }),
    });
    expect(failed.runs.map((run) => run.status)).toEqual(["failed", "failed"]);
    expect(failed.runs[1]).toMatchObject({
      functionId: FN,
      eventName: "kesu/complaint.created",
      errorMessage: "Error: shop API answered 502",
    });
  });

  it("ignores filter values it does not understand", () => {
    expect(parseWorkflowFilter({ status: "exploded", functionId: ["a", "b"] })).toEqual({
      status: undefined,
      functionId: "a",
    });
    expect(parseWorkflowFilter({ status: "waiting", functionId: "" })).toEqual({
      status: "waiting",
      functionId: undefined,
    });
  });
});

describe("workflow run detail", () => {
  it("lists steps by finishing position, unfinished ones last by start, with waits and pending jobs", async () => {
    const run = await seedEngineRun({ functionId: FN, status: "waiting", createdAt: minutesAgo(60) });
    const wake = new Date(Date.now() + 3_600_000);
    await seedEngineStep({
      runId: run.id,
      id: "h-second",
      position: 1,
      startedAt: minutesAgo(50),
      endedAt: minutesAgo(49),
      data: { sent: true },
    });
    await seedEngineStep({
      runId: run.id,
      id: "h-wait",
      op: "WaitForEvent",
      status: "waiting",
      startedAt: minutesAgo(40),
      dueAt: wake,
    });
    await seedEngineStep({
      runId: run.id,
      id: "h-first",
      position: 0,
      startedAt: minutesAgo(55),
      endedAt: minutesAgo(54),
    });
    await seedEngineStep({
      runId: run.id,
      id: "h-sleep",
      op: "Sleep",
      status: "sleeping",
      startedAt: minutesAgo(45),
      dueAt: wake,
    });
    await testDb.$executeRaw`INSERT INTO engine_waits (run_id, step_id, event_name, expression, expires_at) VALUES (${run.id}::uuid, 'h-wait', 'kesu/complaint.replied', 'event.data.complaintId == async.data.complaintId', ${wake})`;
    await testDb.$executeRaw`INSERT INTO engine_jobs (run_id, kind, step_id, run_at) VALUES (${run.id}::uuid, 'sleep_done', 'h-sleep', ${wake})`;

    const detail = await getWorkflowRun({ db: testDb, actor: admin, runId: run.id });
    expect(detail.steps.map((step) => step.id)).toEqual(["h-first", "h-second", "h-sleep", "h-wait"]);
    expect(detail.steps.find((step) => step.id === "h-sleep")!.dueAt).toEqual(wake);
    expect(detail.waits).toEqual([
      expect.objectContaining({ stepId: "h-wait", eventName: "kesu/complaint.replied", expiresAt: wake }),
    ]);
    expect(detail.jobs).toEqual([expect.objectContaining({ kind: "sleep_done", stepId: "h-sleep", runAt: wake })]);
    expect(detail).toMatchObject({
      eventName: "kesu/complaint.created",
      function: { id: FN, refused: null, removed: false },
      replays: [],
    });
  });

  it("answers not_found for an unknown or malformed id", async () => {
    expect(await codeOf(getWorkflowRun({ db: testDb, actor: admin, runId: randomUUID() }))).toBe("not_found");
    expect(await codeOf(getWorkflowRun({ db: testDb, actor: admin, runId: "not-a-uuid" }))).toBe("not_found");
  });
});

describe("replay", () => {
  it("starts a failed run again as a queued run of the same event, pointing back, audited", async () => {
    const failed = await seedEngineRun({
      functionId: FN,
      status: "failed",
      createdAt: minutesAgo(5),
      error: { name: "Error", message: "boom" },
    });
    const { runId } = await replayRun({ pool, db: testDb, actor: admin, runId: failed.id });

    const replay = await testDb.engineRun.findUniqueOrThrow({ where: { id: runId }, include: { jobs: true } });
    expect(replay).toMatchObject({ functionId: FN, status: "queued", replayOf: failed.id, event: failed.event });
    expect(replay.triggerKey).toMatch(new RegExp(`^replay:${failed.id}:[0-9a-f-]{36}$`));
    expect(replay.jobs.map((job) => job.kind)).toEqual(["call"]);
    expect(await testDb.engineRun.findUniqueOrThrow({ where: { id: failed.id }, select: { status: true } })).toEqual({
      status: "failed",
    });
    expect(await auditEntries("workflow.replay")).toEqual([
      expect.objectContaining({
        actorType: "staff",
        actorId: admin.id,
        actorLabel: admin.email,
        targetType: "workflow_run",
        targetId: failed.id,
        before: { status: "failed" },
        after: { runId, functionId: FN },
      }),
    ]);
    expect((await getWorkflowRun({ db: testDb, actor: admin, runId: failed.id })).replays.map((r) => r.id)).toEqual([
      runId,
    ]);

    // A second replay of the same run is a run of its own.
    const second = await replayRun({ pool, db: testDb, actor: admin, runId: failed.id });
    expect(second.runId).not.toBe(runId);
  });

  it("refuses runs that have not failed or been cancelled, and functions the engine does not run", async () => {
    const completed = await seedEngineRun({ functionId: FN, status: "completed" });
    const running = await seedEngineRun({ functionId: FN, status: "running" });
    expect(await codeOf(replayRun({ pool, db: testDb, actor: admin, runId: completed.id }))).toBe(
      "workflow_run_not_replayable",
    );
    expect(await codeOf(replayRun({ pool, db: testDb, actor: admin, runId: running.id }))).toBe(
      "workflow_run_not_replayable",
    );

    await seedEngineFunction({ id: "kesu-refused-fn", refused: "uses `debounce`" });
    await seedEngineFunction({ id: "kesu-removed-fn", removedAt: new Date() });
    for (const functionId of ["kesu-refused-fn", "kesu-removed-fn", "kesu-never-synced-fn"]) {
      const run = await seedEngineRun({ functionId, status: "failed" });
      expect(await codeOf(replayRun({ pool, db: testDb, actor: admin, runId: run.id }))).toBe(
        "workflow_function_unavailable",
      );
    }
    expect(await testDb.engineRun.count({ where: { replayOf: { not: null } } })).toBe(0);
    expect(await auditEntries("workflow.replay")).toEqual([]);
  });
});

describe("cancel", () => {
  it("ends an open run as cancelled with who and where, drops its jobs and waits, audited", async () => {
    const run = await seedEngineRun({ functionId: FN, status: "waiting", withCallJob: true });
    await seedEngineStep({
      runId: run.id,
      id: "h-wait",
      op: "WaitForEvent",
      status: "waiting",
      startedAt: minutesAgo(1),
      dueAt: new Date(Date.now() + 60_000),
    });
    await testDb.$executeRaw`INSERT INTO engine_waits (run_id, step_id, event_name, expires_at) VALUES (${run.id}::uuid, 'h-wait', 'kesu/complaint.replied', now() + interval '1 minute')`;

    await cancelWorkflowRun({ pool, db: testDb, actor: admin, runId: run.id });

    const after = await testDb.engineRun.findUniqueOrThrow({
      where: { id: run.id },
      include: { jobs: true, waits: true, steps: true },
    });
    const reason = "cancelled by admin@test.kesu at /admin/workflows";
    expect(after).toMatchObject({ status: "cancelled", cancelReason: reason, jobs: [], waits: [] });
    expect(after.endedAt).toBeInstanceOf(Date);
    expect(after.steps.map((step) => step.status)).toEqual(["cancelled"]);
    expect(await auditEntries("workflow.cancel")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        targetType: "workflow_run",
        targetId: run.id,
        before: { status: "waiting" },
        after: { status: "cancelled", reason },
      }),
    ]);
  });

  it("refuses runs that have already ended", async () => {
    const completed = await seedEngineRun({ functionId: FN, status: "completed" });
    expect(await codeOf(cancelWorkflowRun({ pool, db: testDb, actor: admin, runId: completed.id }))).toBe(
      "workflow_run_not_open",
    );
    expect(await testDb.engineRun.findUniqueOrThrow({ where: { id: completed.id }, select: { status: true } })).toEqual(
      { status: "completed" },
    );
    expect(await codeOf(cancelWorkflowRun({ pool, db: testDb, actor: admin, runId: randomUUID() }))).toBe("not_found");
  });
});

describe("run now", () => {
  it("starts a cron function's run through the engine, audited; refuses event-only functions", async () => {
    await seedEngineFunction({ id: "kesu-cron-fn", trigger: { cron: "TZ=Asia/Shanghai 0 9 * * 1" } });
    const { nextAt } = await testDb.engineCron.findFirstOrThrow({ where: { functionId: "kesu-cron-fn" } });
    const { runId } = await runCronNow({ pool, db: testDb, actor: admin, functionId: "kesu-cron-fn" });

    const run = await testDb.engineRun.findUniqueOrThrow({ where: { id: runId }, include: { jobs: true } });
    expect(run).toMatchObject({
      functionId: "kesu-cron-fn",
      status: "queued",
      event: { name: "inngest/scheduled.timer", data: { cron: "TZ=Asia/Shanghai 0 9 * * 1" } },
    });
    expect(run.jobs.map((job) => job.kind)).toEqual(["call"]);
    // Off-schedule: the next scheduled slot stays where it was.
    expect((await testDb.engineCron.findFirstOrThrow({ where: { functionId: "kesu-cron-fn" } })).nextAt).toEqual(
      nextAt,
    );
    expect(await auditEntries("workflow.run_now")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        targetType: "workflow_function",
        targetId: "kesu-cron-fn",
        after: { runId, cron: "TZ=Asia/Shanghai 0 9 * * 1" },
      }),
    ]);

    expect(await codeOf(runCronNow({ pool, db: testDb, actor: admin, functionId: FN }))).toBe("workflow_not_cron");
    expect(await codeOf(runCronNow({ pool, db: testDb, actor: admin, functionId: "kesu-unknown-fn" }))).toBe(
      "workflow_function_unavailable",
    );
  });
});

describe("permissions", () => {
  it("keeps agents out, and lets supervisors look but not act", async () => {
    await seedEngineFunction({ id: "kesu-cron-fn", trigger: { cron: "0 9 * * 1" } });
    const failed = await seedEngineRun({ functionId: FN, status: "failed" });
    const open = await seedEngineRun({ functionId: FN, status: "queued", withCallJob: true });
    const agent = await createStaff({ role: "agent" });
    const supervisor = await createStaff({ role: "supervisor" });

    expect(await codeOf(getWorkflowOverview({ db: testDb, actor: agent, filter: {} }))).toBe("forbidden");
    expect(await codeOf(getWorkflowRun({ db: testDb, actor: agent, runId: failed.id }))).toBe("forbidden");
    expect(await codeOf(getWorkflowOverview({ db: testDb, actor: supervisor, filter: {} }))).toBe("ok");
    for (const actor of [agent, supervisor]) {
      expect(await codeOf(replayRun({ pool, db: testDb, actor, runId: failed.id }))).toBe("forbidden");
      expect(await codeOf(cancelWorkflowRun({ pool, db: testDb, actor, runId: open.id }))).toBe("forbidden");
      expect(await codeOf(runCronNow({ pool, db: testDb, actor, functionId: "kesu-cron-fn" }))).toBe("forbidden");
    }
    expect(await testDb.engineRun.count()).toBe(2);
    expect(await testDb.engineRun.findUniqueOrThrow({ where: { id: open.id }, select: { status: true } })).toEqual({
      status: "queued",
    });
    expect(await testDb.auditLog.count({ where: { action: { startsWith: "workflow." } } })).toBe(0);
  });
});
