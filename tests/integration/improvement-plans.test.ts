import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { AppError } from "../../lib/errors";
import { createPlan, planSchema, type PlanInput } from "../../lib/plans/manage-plans";
import { planCallbacks } from "../../lib/plans/plan-callbacks";
import { followUpPlans } from "../../lib/plans/plan-follow-up";
import { planResult, planWindows } from "../../lib/plans/plan-results";
import { storeWeeklyReport } from "../../lib/reports/weekly-report";
import { shanghaiDayStart } from "../../lib/shanghai-day";
import { parseInput } from "../../lib/validation";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** Issue 16, points 3 and 5: improvement plans, their before/after, the robots, the weekly report, the callbacks. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

// The plan is made on 2026-11-02 (Shanghai) and due 2026-11-16; 7-day windows:
// before = 10-26 … 11-01, after = 11-16 … 11-22; the result is in on 11-30 (a week to mature).
const MADE = shanghaiDayStart("2026-11-02", 0.5);
const at = (day: string, hours = 10) => new Date(shanghaiDayStart(day).getTime() + hours * 3_600_000);

const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  action: "换榴莲供应商",
  ownerId: randomUUID(),
  metric: "complaint_rate",
  category: "product.quality",
  region: "南京",
  windowDays: 7,
  dueDay: "2026-11-16",
  ...overrides,
});

let orderSequence = 0;
/** An order through the shop's upsert, with no complaint about it. */
async function quietOrder({ region, placedAt }: { region: string; placedAt: Date }) {
  orderSequence += 1;
  const input = upsertOrderSchema.parse({
    customer: { externalId: `QUIET-${orderSequence}`, name: "安静客户", region },
    items: [{ sku: "FR-DURIAN-1", name: "猫山王榴莲", quantity: 1, unitPrice: "99.00" }],
    amount: "99.00",
    status: "delivered",
    placedAt: placedAt.toISOString(),
  });
  await upsertOrder({
    db: testDb,
    orderNo: `Q${Date.now().toString(36)}${orderSequence}`,
    input,
    keyring: testKeyring(),
  });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("improvement plans", () => {
  it("refuses a plan without a metric, with a window that is not whole weeks, due in the past or owned by nobody, writing nothing", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    const fieldsOf = (value: unknown) => {
      try {
        parseInput(planSchema, value);
        return [];
      } catch (error) {
        return (error as AppError).fields.map((f) => `${f.path}:${f.code}`);
      }
    };
    const { metric: _metric, ...withoutMetric } = input({ ownerId: supervisor.id });
    expect(fieldsOf(withoutMetric)).toEqual(["metric:required"]);
    expect(fieldsOf({ ...input(), windowDays: "10" })).toEqual(["windowDays:plan_window"]);
    expect(fieldsOf({ ...input(), dueDay: "2026-02-30" })).toEqual(["dueDay:date"]);
    expect(fieldsOf({ ...input(), category: "product.nope" })).toEqual(["category:unknown_category"]);
    const past = await refusal(
      createPlan({ db: testDb, actor: supervisor, input: input({ ownerId: supervisor.id }), now: at("2026-11-17") }),
    );
    expect(past.fields).toEqual([{ path: "dueDay", code: "plan_due_past" }]);
    const nobody = await refusal(createPlan({ db: testDb, actor: supervisor, input: input(), now: MADE }));
    expect(nobody.fields).toEqual([{ path: "ownerId", code: "plan_owner" }]);
    const agent = await createStaff({ role: "agent" });
    expect((await refusal(createPlan({ db: testDb, actor: agent, input: input(), now: MADE }))).code).toBe("forbidden");
    expect(await testDb.improvementPlan.count()).toBe(0);
    // A double submit (the same form, twice at once, then once more): one plan.
    const once = input({ ownerId: supervisor.id, submissionId: randomUUID() });
    const made = await Promise.all(
      [1, 2].map(() => createPlan({ db: testDb, actor: supervisor, input: once, now: MADE })),
    );
    const again = await createPlan({ db: testDb, actor: supervisor, input: once, now: MADE });
    expect(new Set([...made, again].map((p) => p.id)).size).toBe(1);
    expect(await testDb.improvementPlan.count()).toBe(1);
    expect(await testDb.auditLog.count({ where: { action: "plan.created" } })).toBe(1);
  });

  it("before and after equal the queue's counts for the same windows; the rate divides by the orders placed there", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    const plan = {
      metric: "complaint_rate" as const,
      category: "product.quality",
      region: "南京",
      windowDays: 7,
      createdAt: MADE,
      dueAt: shanghaiDayStart("2026-11-16"),
    };
    // In scope, before: 3 (one breached); after: 1. Out of scope: other region, other type, outside the windows.
    for (const day of ["2026-10-26", "2026-10-30", "2026-11-01"])
      await fileTestComplaint({ category: "product.quality", region: "南京", now: at(day) });
    const [breached] = await testDb.complaint.findMany({ where: { region: "南京" }, take: 1 });
    await testDb.complaint.update({
      where: { id: breached!.id },
      data: { slaBreachCount: 1, slaBreachedAt: new Date(breached!.createdAt.getTime() + 3_600_000) },
    });
    await fileTestComplaint({ category: "product.quality", region: "南京", now: at("2026-11-20") });
    await fileTestComplaint({ category: "product.quality", region: "上海", now: at("2026-10-30") });
    await fileTestComplaint({ category: "delivery.late", region: "南京", now: at("2026-10-30") });
    await fileTestComplaint({ category: "product.quality", region: "南京", now: at("2026-10-25", 15.5) });
    await fileTestComplaint({ category: "product.quality", region: "南京", now: at("2026-11-23", 1) });
    // Orders only (no complaint) placed in 南京 in each window, raising the denominators.
    for (const day of ["2026-10-27", "2026-10-28", "2026-11-17"])
      await quietOrder({ region: "南京", placedAt: at(day) });

    const result = await planResult({ db: testDb, plan, now: at("2026-11-30") });
    expect(result.windows).toEqual(planWindows(plan));
    expect(result.windows).toEqual({
      before: { from: "2026-10-26", to: "2026-11-01" },
      after: { from: "2026-11-16", to: "2026-11-22" },
    });
    expect(result.complete).toBe(true);
    const queueCount = async (window: { from: string; to: string }, has?: string) =>
      (
        await listQueue({
          db: testDb,
          actor: supervisor,
          filter: parseQueueFilter({ category: "product.quality", region: "南京", ...window, ...(has ? { has } : {}) }),
        })
      ).total;
    expect(result.before.complaints).toBe(await queueCount(result.windows.before));
    expect(result.after!.complaints).toBe(await queueCount(result.windows.after));
    expect(result.before.breaches).toBe(await queueCount(result.windows.before, "breached"));
    expect([result.before.complaints, result.after!.complaints, result.before.breaches]).toEqual([3, 1, 1]);
    // Orders placed in 南京: before 3 complained about + 2 quiet (the 10-25 15:30 one was placed
    // 14:30, outside); after 1 + 1 quiet.
    const orders = async (window: { from: string; to: string }) =>
      testDb.order.count({
        where: {
          region: "南京",
          placedAt: { gte: shanghaiDayStart(window.from), lt: shanghaiDayStart(window.to, 1) },
        },
      });
    expect(result.before.orders).toBe(await orders(result.windows.before));
    expect(result.after!.orders).toBe(await orders(result.windows.after));
    expect(result.before.ratePer1000).toBeCloseTo((3 / result.before.orders) * 1000, 10);
    expect(result.after!.ratePer1000).toBeCloseTo((1 / result.after!.orders) * 1000, 10);
    expect(result.verdict).toBe("unchanged");

    // Before the due day there is no after window yet.
    const early = await planResult({ db: testDb, plan, now: at("2026-11-10") });
    expect([early.after, early.verdict, early.complete]).toEqual([null, null, false]);
  });

  it("tells the robots once when a plan is due and once when its result is in; the weekly report lists open and verified plans; callbacks in scope feed it", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    await testDb.notificationChannel.create({
      data: { kind: "wecom_robot", name: "运营群", enabled: true, topics: ["improvement_plan"], configEnc: "unused" },
    });
    const { id } = await createPlan({
      db: testDb,
      actor: supervisor,
      input: input({ ownerId: supervisor.id, action: "南京改走冷链" }),
      now: MADE,
    });
    const follow = (now: Date) =>
      followUpPlans({ db: testDb, now, appUrl: "http://localhost:3000", linkSecret: "x".repeat(32) });

    expect((await follow(at("2026-11-15"))).deliveries).toEqual([]);
    const due = await follow(at("2026-11-16"));
    expect([due.due, due.verified, due.deliveries.length]).toEqual([1, 0, 1]);
    expect((await follow(at("2026-11-17"))).deliveries).toEqual([]);
    const [dueMessage] = await testDb.notificationDelivery.findMany({
      where: { dedupeKey: { startsWith: "plan-due:" } },
    });
    expect(dueMessage!.body).toContain("南京改走冷链");

    const weekOfDue = await storeWeeklyReport({
      db: testDb,
      start: shanghaiDayStart("2026-11-16"),
      end: shanghaiDayStart("2026-11-23"),
    });
    expect(weekOfDue.data.plans).toEqual({
      open: [{ action: "南京改走冷链", dueAt: shanghaiDayStart("2026-11-16").toISOString() }],
      verified: [],
    });

    expect((await follow(at("2026-11-29", 9))).verified).toBe(0);
    const result = await follow(at("2026-11-30", 9));
    expect([result.due, result.verified, result.deliveries.length]).toEqual([0, 1, 1]);
    expect((await follow(at("2026-12-01"))).verified).toBe(0);
    const stored = await testDb.improvementPlan.findUniqueOrThrow({ where: { id } });
    expect(stored.verifiedAt).toEqual(at("2026-11-30", 9));
    expect(stored.result).toMatchObject({ complete: true, verdict: "no_data" });
    const [resultMessage] = await testDb.notificationDelivery.findMany({
      where: { dedupeKey: { startsWith: "plan-result:" } },
    });
    expect(resultMessage!.body).toContain("数据不足");
    const weekOfResult = await storeWeeklyReport({
      db: testDb,
      start: shanghaiDayStart("2026-11-30"),
      end: shanghaiDayStart("2026-12-07"),
    });
    expect(weekOfResult.data.plans).toEqual({
      open: [],
      verified: [{ action: "南京改走冷链", verdict: "no_data" }],
    });

    // A callback about a 南京 quality complaint in the windows feeds the plan; one elsewhere does not.
    const inScope = await fileTestComplaint({ category: "product.quality", region: "南京", now: at("2026-10-28") });
    const outOfScope = await fileTestComplaint({ category: "product.quality", region: "上海", now: at("2026-10-28") });
    for (const complaint of [inScope, outOfScope]) {
      const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
      await testDb.callbackTask.create({
        data: {
          customerId,
          complaintId: complaint.id,
          reason: "monthly_sample",
          dedupeKey: `plan-test:${complaint.id}`,
          status: "done",
          doneAt: at("2026-11-18"),
          outcome: "dissatisfied",
          suggestion: complaint === inScope ? "榴莲到手已经化了" : "上海的问题",
        },
      });
    }
    const callbacks = await planCallbacks({
      db: testDb,
      actor: supervisor,
      scope: { category: "product.quality", region: "南京" },
      windows: planWindows({ createdAt: MADE, dueAt: shanghaiDayStart("2026-11-16"), windowDays: 7 }),
    });
    expect(callbacks.calls).toBe(1);
    expect(callbacks.outcomes.find((o) => o.outcome === "dissatisfied")!.count).toBe(1);
    expect(callbacks.suggestions.map((s) => s.suggestion)).toEqual(["榴莲到手已经化了"]);
  });
});
