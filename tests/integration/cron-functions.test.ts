import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { monthlyCallbackSample } from "../../inngest/functions/monthly-callback-sample";
import { retryPendingRefundsFn } from "../../inngest/functions/retry-pending-refunds";
import { planFollowUp } from "../../inngest/functions/plan-follow-up";
import { weeklyReport } from "../../inngest/functions/weekly-report";
import { createPlan } from "../../lib/plans/manage-plans";
import { shanghaiToday } from "../../lib/shanghai-day";
import { saveChannel } from "../../lib/notify/manage-channels";
import { lastFullMonth, lastFullWeek } from "../../lib/reports/report-periods";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

describe("scheduled functions (@inngest/test)", () => {
  it("weekly-report stores last week's report and pushes it to the weekly_report robots", async () => {
    const admin = await createStaff({ role: "admin" });
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring: testKeyring(),
      input: {
        kind: "wecom_robot",
        name: "管理群",
        enabled: true,
        topics: ["weekly_report"],
        config: { webhookUrl: "http://127.0.0.1:9/robot" },
      },
    });
    const { start } = lastFullWeek(new Date());
    await fileTestComplaint({
      category: "product.quality",
      description: "芒果烂了",
      now: new Date(start.getTime() + 3_600_000),
    });
    const engine = new InngestTestEngine({
      function: weeklyReport,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [{ id: "deliver", handler: () => ({ ids: [] }) }],
    });
    const { result } = await engine.execute();
    expect(result).toMatchObject({ pushed: 1 });
    const report = await testDb.report.findFirstOrThrow({ where: { kind: "weekly" } });
    expect(report.periodStart).toEqual(start);
    expect((report.data as { total: number }).total).toBe(1);
    expect((await testDb.notificationDelivery.findFirstOrThrow({ where: { topic: "weekly_report" } })).body).toContain(
      "质量问题 1",
    );
  });

  it("monthly-callback-sample samples last month's resolved complaints", async () => {
    const { start } = lastFullMonth(new Date());
    const { id } = await fileTestComplaint();
    await testDb.complaint.update({
      where: { id },
      data: { status: "resolved", resolvedAt: new Date(start.getTime() + 86_400_000) },
    });
    const { result } = await new InngestTestEngine({
      function: monthlyCallbackSample,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
    }).execute();
    expect(result).toMatchObject({ resolved: 1, sampled: 1 });
    expect(await testDb.callbackTask.count({ where: { reason: "monthly_sample", complaintId: id } })).toBe(1);
  });

  it("plan-follow-up announces a plan due today to the improvement_plan robots, once", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    await saveChannel({
      db: testDb,
      actor: await createStaff({ role: "admin" }),
      keyring: testKeyring(),
      input: {
        kind: "dingtalk_robot",
        name: "运营群",
        enabled: true,
        topics: ["improvement_plan"],
        config: { webhookUrl: "http://127.0.0.1:9/robot" },
      },
    });
    await createPlan({
      db: testDb,
      actor: supervisor,
      input: {
        action: "南京改走冷链",
        ownerId: supervisor.id,
        metric: "complaint_rate",
        region: "南京",
        windowDays: 7,
        dueDay: shanghaiToday(new Date()),
      },
    });
    const run = () =>
      new InngestTestEngine({
        function: planFollowUp,
        events: [{ name: "inngest/scheduled.timer", data: {} }],
        steps: [{ id: "deliver", handler: () => ({ ids: [] }) }],
      }).execute();
    expect((await run()).result).toMatchObject({ due: 1, verified: 0, pushed: 1 });
    expect((await run()).result).toMatchObject({ due: 0, pushed: 0 });
    const delivery = await testDb.notificationDelivery.findFirstOrThrow({ where: { topic: "improvement_plan" } });
    expect(delivery.body).toContain("南京改走冷链");
  });

  it("retry-pending-refunds does nothing without a shop refund endpoint", async () => {
    const { result } = await new InngestTestEngine({
      function: retryPendingRefundsFn,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
    }).execute();
    expect(result).toEqual({ retried: 0 });
  });
});
