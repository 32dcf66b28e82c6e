import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { addDays, shanghaiToday } from "../../lib/shanghai-day";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

/** The word cloud's data: stored keywords counted through the dashboard's rollups for a filter. */
async function aggregateKeywords(params: Record<string, string>) {
  const actor = await createStaff({ role: "admin" });
  const { keywords } = await loadDashboard({ db: testDb, actor, filter: parseDashboardFilter(params).filter });
  return keywords.map((k) => ({ keyword: k.keyword, count: k.complaints }));
}

describe("complaint keywords", () => {
  it("are stored at intake and aggregate for any filter (time, category, region)", async () => {
    const { id } = await fileTestComplaint({
      category: "product.quality",
      description: "芒果烂了，芒果发霉",
      region: "上海",
    });
    await fileTestComplaint({ category: "product.quality", description: "芒果不新鲜", region: "上海" });
    await fileTestComplaint({ category: "delivery.late", description: "配送超时两个小时", region: "北京" });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id } })).keywords).toContain("芒果");
    const all = await aggregateKeywords({});
    expect(all[0]).toEqual({ keyword: "芒果", count: 2 });
    const beijing = await aggregateKeywords({ region: "北京" });
    expect(beijing.map((k) => k.keyword)).not.toContain("芒果");
    const tomorrow = addDays(shanghaiToday(new Date()), 1);
    expect(await aggregateKeywords({ category: "delivery.late", from: tomorrow, to: tomorrow })).toEqual([]);
  });
});
