import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { smartAlerts } from "../../inngest/functions/smart-alerts";
import { detectComplaintAlerts } from "../../lib/alerts/detect-alerts";
import { acknowledgeAlert } from "../../lib/alerts/manage-alerts";
import { raiseAlert } from "../../lib/alerts/raise-alert";
import { saveChannel } from "../../lib/notify/manage-channels";
import { createMonthlyCallbackSample } from "../../lib/reports/monthly-callback-sample";
import { storeWeeklyReport, weeklyReportMarkdown } from "../../lib/reports/weekly-report";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const hoursAgo = (h: number, now = new Date()) => new Date(now.getTime() - h * 3_600_000);

describe("smart alerts", () => {
  it("the same product in 5 complaints within 24 h opens one alert; repeats count on it; acknowledging frees the key", async () => {
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1)
      ids.push(
        (
          await fileTestComplaint({
            category: i % 2 ? "product.quality" : "product.mismatch",
            now: hoursAgo(20 - i * 3, now),
          })
        ).id,
      );
    await fileTestComplaint({ category: "product.quality", now: hoursAgo(40, now) }); // outside every window below
    expect(await detectComplaintAlerts({ db: testDb, complaintId: ids[3]!, now: hoursAgo(11, now) })).toEqual([]);
    const [fifth] = await detectComplaintAlerts({ db: testDb, complaintId: ids[4]!, now });
    expect(fifth).toMatchObject({ kind: "product_spike", opened: true, details: { sku: "FR-MANGO-1KG", count: 6 } });
    const [again] = await detectComplaintAlerts({ db: testDb, complaintId: ids[5]!, now });
    expect(again).toMatchObject({ opened: false, id: fifth!.id });
    expect(await testDb.alert.findUniqueOrThrow({ where: { id: fifth!.id } })).toMatchObject({
      occurrences: 2,
      status: "open",
    });

    const supervisor = await createStaff({ role: "supervisor" });
    await acknowledgeAlert({ db: testDb, actor: supervisor, alertId: fifth!.id });
    const [next] = await detectComplaintAlerts({ db: testDb, complaintId: ids[5]!, now });
    expect(next).toMatchObject({ opened: true });
    expect(next!.id).not.toBe(fifth!.id);
  });

  it("keeps one open alert per key under concurrent raises", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        raiseAlert({ db: testDb, key: "product:x", kind: "product_spike", details: {} }),
      ),
    );
    expect(results.filter((r) => r.opened)).toHaveLength(1);
    expect(await testDb.alert.findMany({ where: { key: "product:x" } })).toEqual([
      expect.objectContaining({ occurrences: 10 }),
    ]);
  });

  it("spots a regional delivery spike (≥ 3× the 7-day hourly mean and ≥ 5) but not a busy normal hour", async () => {
    const now = new Date();
    for (let d = 1; d <= 6; d += 1)
      await fileTestComplaint({ category: "delivery.late", region: "杭州", now: hoursAgo(d * 24, now) });
    const recent: string[] = [];
    for (const minutes of [70, 40, 30, 20, 10])
      recent.push(
        (
          await fileTestComplaint({
            category: "delivery.late",
            region: "杭州",
            now: new Date(now.getTime() - minutes * 60_000),
          })
        ).id,
      );
    expect(await detectComplaintAlerts({ db: testDb, complaintId: recent[3]!, now })).toEqual([]);
    // 4 of them in the last hour so far: the fifth makes it a spike.
    await testDb.complaint.update({
      where: { id: recent[0]! },
      data: { createdAt: new Date(now.getTime() - 50 * 60_000) },
    });
    const [alert] = await detectComplaintAlerts({ db: testDb, complaintId: recent[4]!, now });
    expect(alert).toMatchObject({
      kind: "region_delivery_spike",
      opened: true,
      details: { region: "杭州", lastHour: 5 },
    });
    expect(
      await detectComplaintAlerts({
        db: testDb,
        complaintId: (await fileTestComplaint({ category: "delivery.late", region: "苏州", now })).id,
        now,
      }),
    ).toEqual([]);
  });

  it("pushes new alerts to the robots subscribed to `alert` (smart-alerts function)", async () => {
    const admin = await createStaff({ role: "admin" });
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring: testKeyring(),
      input: {
        kind: "dingtalk_robot",
        name: "运营群",
        enabled: true,
        topics: ["alert"],
        config: { webhookUrl: "http://127.0.0.1:9/robot" },
      },
    });
    let last = "";
    for (let i = 0; i < 5; i += 1) last = (await fileTestComplaint({ category: "product.quality" })).id;
    const created = await testDb.outboxEvent.findFirstOrThrow({
      where: { aggregateId: last, name: "kesu/complaint.created" },
    });
    const engine = new InngestTestEngine({
      function: smartAlerts,
      events: [{ name: created.name, data: created.data as Record<string, unknown> }],
      steps: [{ id: "deliver", handler: () => ({ ids: [] }) }],
    });
    expect((await engine.execute()).result).toEqual({
      alerts: [{ key: expect.stringMatching(/^product:/), opened: true }],
    });
    const [delivery] = await testDb.notificationDelivery.findMany({ where: { topic: "alert" } });
    expect(delivery!.body).toContain("24 小时内被投诉 5 次");
  });
});

describe("reports", () => {
  it("the weekly report: top subtypes by volume and growth, products, keywords, handling, SLA, CSAT, NPS", async () => {
    const end = new Date("2026-11-22T16:00:00Z");
    const start = new Date(end.getTime() - 7 * 86_400_000);
    const inWeek = (h: number) => new Date(start.getTime() + h * 3_600_000);
    for (let i = 0; i < 4; i += 1)
      await fileTestComplaint({ category: "product.quality", description: "芒果烂了，发霉", now: inWeek(10 + i) });
    for (let i = 0; i < 3; i += 1)
      await fileTestComplaint({ category: "delivery.late", description: "配送太慢", now: inWeek(30 + i) });
    await fileTestComplaint({ category: "service.attitude", description: "态度差", now: inWeek(50) });
    for (let i = 0; i < 5; i += 1)
      await fileTestComplaint({
        category: "delivery.late",
        description: "上周的配送问题",
        now: new Date(start.getTime() - (i + 1) * 3_600_000),
      });
    const complaints = await testDb.complaint.findMany({
      where: { createdAt: { gte: start } },
      orderBy: { createdAt: "asc" },
    });
    await testDb.complaint.update({
      where: { id: complaints[0]!.id },
      data: {
        firstRespondedAt: new Date(complaints[0]!.createdAt.getTime() + 20 * 60_000),
        resolvedAt: new Date(complaints[0]!.createdAt.getTime() + 5 * 3_600_000),
        slaBreachCount: 1,
      },
    });
    await testDb.surveyResponse.createMany({
      data: [5, 4, 1].map((csat, i) => ({
        complaintId: complaints[i]!.id,
        customerId: complaints[i]!.customerId,
        csat,
        nps: [10, 9, 3][i]!,
        createdAt: inWeek(100),
      })),
    });

    const { data } = await storeWeeklyReport({ db: testDb, start, end });
    expect(data.total).toBe(8);
    expect(data.previousTotal).toBe(5);
    expect(data.topByVolume).toEqual([
      { category: "product.quality", count: 4 },
      { category: "delivery.late", count: 3 },
      { category: "service.attitude", count: 1 },
    ]);
    expect(data.topByGrowth.map((g) => [g.category, g.growth])).toEqual([
      ["product.quality", 4],
      ["service.attitude", 1],
    ]);
    expect(data.topProducts).toEqual([{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", count: 4 }]);
    expect(data.topKeywords.map((k) => k.keyword)).toContain("芒果");
    expect(data.handling).toMatchObject({ firstResponseMinutesMedian: 20, resolutionHoursMedian: 5 });
    expect(data.slaBreachRate).toBe(0.125);
    expect(data.csat).toBe(0.667);
    expect(data.nps).toBe(33.3);
    await storeWeeklyReport({ db: testDb, start, end });
    expect(await testDb.report.count({ where: { kind: "weekly" } })).toBe(1);
    const { markdown } = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "zh-CN" });
    expect(markdown).toContain("质量问题 4");
    expect(markdown).toContain("CSAT**：66.7%");
    expect(markdown).toContain("SLA 超时率**：12.5%");
    // A Spanish ops group's robot reads it in Spanish: its words, dates, decimal comma and lists.
    const es = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "es" });
    expect(es.title).toMatch(/^📊 .* \d{1,2} \w{3}\.? 2026 – \d{1,2} \w{3}\.? 2026$/);
    expect(es.markdown).toMatch(/CSAT\*\*: 66,7\s%/);
    expect(es.markdown).toContain("NPS**: 33,3");
    expect(es.markdown).toContain("Problema de calidad 4");
    expect(es.markdown).not.toContain("质量问题");
  });

  it("the monthly callback sample takes 10 % of each subtype, rounded up, once", async () => {
    const start = new Date("2026-10-31T16:00:00Z");
    const end = new Date("2026-11-30T16:00:00Z");
    for (let i = 0; i < 12; i += 1) {
      const { id } = await fileTestComplaint({ category: i < 11 ? "product.quality" : "delivery.late" });
      await testDb.complaint.update({
        where: { id },
        data: { status: "resolved", resolvedAt: new Date(start.getTime() + (i + 1) * 86_400_000) },
      });
    }
    const data = await createMonthlyCallbackSample({ db: testDb, start, end, label: "2026-11" });
    expect(data).toMatchObject({ resolved: 12, sampled: 3 });
    await createMonthlyCallbackSample({ db: testDb, start, end, label: "2026-11" });
    expect(await testDb.callbackTask.count({ where: { reason: "monthly_sample" } })).toBe(3);
  });
});
