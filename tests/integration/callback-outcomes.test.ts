import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createMonthlyCallbackSample } from "../../lib/reports/monthly-callback-sample";
import {
  callbackSummary,
  completeCallbackSchema,
  completeCallbackTask,
  listCallbackTasks,
} from "../../lib/surveys/callback-tasks";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** Issue 16, point 5: the monthly sample's calls get an outcome and the customer's suggestion. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const MONTH = new Date("2026-11-01T00:00:00+08:00");

async function sampledTasks(count: number) {
  for (let i = 0; i < count; i += 1) {
    const { id } = await fileTestComplaint({ category: "delivery.late" });
    await testDb.complaint.update({ where: { id }, data: { status: "resolved", resolvedAt: new Date("2026-10-15") } });
  }
  await createMonthlyCallbackSample({
    db: testDb,
    start: new Date("2026-10-01T00:00:00+08:00"),
    end: MONTH,
    label: "2026-10",
  });
  return testDb.callbackTask.findMany({ orderBy: { createdAt: "asc" } });
}

describe("callback results", () => {
  it("records the outcome, the customer's suggestion and who called, once; the list and the month's numbers show them", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    const tasks = await sampledTasks(20);
    expect(tasks).toHaveLength(2);
    const [first, second] = tasks;
    const complete = (fields: Record<string, unknown>) =>
      completeCallbackTask({ db: testDb, actor: supervisor, input: parseInput(completeCallbackSchema, fields) });

    await complete({ taskId: first!.id, outcome: "dissatisfied", suggestion: "  冷链箱要加冰袋  " });
    await complete({ taskId: second!.id, outcome: "unreachable", suggestion: "" });
    await expect(complete({ taskId: first!.id, outcome: "satisfied" })).rejects.toMatchObject({ code: "not_found" });

    const stored = await testDb.callbackTask.findUniqueOrThrow({ where: { id: first!.id } });
    expect(stored).toMatchObject({
      status: "done",
      outcome: "dissatisfied",
      suggestion: "冷链箱要加冰袋",
      doneById: supervisor.id,
    });
    expect((await testDb.callbackTask.findUniqueOrThrow({ where: { id: second!.id } })).suggestion).toBeNull();
    const audit = await testDb.auditLog.findMany({ where: { action: "callback.completed" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.after)).toEqual([
      { status: "done", outcome: "dissatisfied", suggestion: "冷链箱要加冰袋" },
      { status: "done", outcome: "unreachable", suggestion: null },
    ]);

    const listed = await listCallbackTasks({ db: testDb, actor: supervisor });
    expect(listed.find((task) => task.id === first!.id)).toMatchObject({
      reason: "monthly_sample",
      outcome: "dissatisfied",
      doneBy: { name: supervisor.name },
    });
    const summary = await callbackSummary({ db: testDb, actor: supervisor, since: new Date(0) });
    expect(summary).toEqual({
      tasks: 2,
      done: 2,
      suggestions: 1,
      byOutcome: { satisfied: 0, neutral: 0, dissatisfied: 1, unreachable: 1, declined: 0 },
    });
    expect((await callbackSummary({ db: testDb, actor: supervisor, since: new Date(Date.now() + 60_000) })).tasks).toBe(
      0,
    );
  });

  it("refuses a call without an outcome, an unknown outcome, a suggestion over 500 characters, and an agent; nothing written", async () => {
    const [task] = await sampledTasks(5);
    const before = {
      audit: await testDb.auditLog.count(),
      task: await testDb.callbackTask.findUniqueOrThrow({ where: { id: task!.id } }),
    };
    const parse = (fields: Record<string, unknown>) => () =>
      parseInput(completeCallbackSchema, { taskId: task!.id, ...fields });
    expect(parse({})).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: "outcome" })] }));
    expect(parse({ outcome: "happy" })).toThrow(
      expect.objectContaining({ fields: [{ path: "outcome", code: "enum" }] }),
    );
    expect(parse({ outcome: "neutral", suggestion: "建".repeat(501) })).toThrow(
      expect.objectContaining({ fields: [{ path: "suggestion", code: "too_long", params: { max: 500 } }] }),
    );
    const agent = await createStaff({ role: "agent" });
    await expect(
      completeCallbackTask({
        db: testDb,
        actor: agent,
        input: parseInput(completeCallbackSchema, { taskId: task!.id, outcome: "neutral" }),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(callbackSummary({ db: testDb, actor: agent, since: new Date(0) })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect({
      audit: await testDb.auditLog.count(),
      task: await testDb.callbackTask.findUniqueOrThrow({ where: { id: task!.id } }),
    }).toEqual(before);
  });
});
