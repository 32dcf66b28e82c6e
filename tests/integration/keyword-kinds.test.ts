import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { storeWeeklyReport, weeklyReportMarkdown } from "../../lib/reports/weekly-report";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const JUNK = ["还有", "好几个", "里面", "小时"];

describe("keywords that mean something (issue 17, point 4)", () => {
  it("the word cloud and the weekly report show products, problems and regions as such, and no junk", async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 7 * 86_400_000);
    const at = (hoursAgo: number) => new Date(end.getTime() - hoursAgo * 3_600_000);
    // 烟台 is a plain noun to jieba: it is a region because the shop has a region of that name.
    await fileTestComplaint({ description: "烟台的车厘子发霉了，还有好几个烂了", region: "烟台", now: at(5) });
    await fileTestComplaint({
      category: "delivery.late",
      description: "等了好几个小时，芒果里面都压坏了",
      region: "上海",
      now: at(4),
    });
    // A complaint filed before these rules: its stored keywords include words that say nothing.
    const { id: old } = await fileTestComplaint({ description: "芒果烂了", region: "上海", now: at(3) });
    await testDb.complaint.update({ where: { id: old }, data: { keywords: [...JUNK, "芒果"] } });
    await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;

    const stored = await testDb.complaint.findMany({ where: { id: { not: old } }, select: { keywords: true } });
    for (const { keywords } of stored) for (const junk of JUNK) expect(keywords).not.toContain(junk);

    const actor = await createStaff({ role: "admin" });
    const { keywords } = await loadDashboard({ db: testDb, actor, filter: parseDashboardFilter({}).filter });
    const cloud = Object.fromEntries(keywords.map((k) => [k.keyword, [k.kind, k.complaints]]));
    expect(cloud).toMatchObject({
      芒果: ["product", 2],
      车厘子: ["product", 1],
      发霉: ["problem", 1],
      压坏: ["problem", 1],
      烂: ["problem", 1],
      烟台: ["region", 1],
    });
    for (const junk of JUNK) expect(cloud).not.toHaveProperty(junk);

    const { data } = await storeWeeklyReport({ db: testDb, start, end });
    expect(data.topKeywords[0]).toEqual({ keyword: "芒果", weight: 2, kind: "product" });
    expect(data.topKeywords).toEqual(expect.arrayContaining([{ keyword: "烟台", weight: 1, kind: "region" }]));
    for (const junk of JUNK) expect(data.topKeywords.map((k) => k.keyword)).not.toContain(junk);

    const zh = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "zh-CN" }).markdown;
    expect(zh).toContain("芒果（商品）");
    expect(zh).toContain("烟台（地区）");
    expect(zh).toContain("发霉（问题）");
    const en = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "en" }).markdown;
    expect(en).toContain("芒果 (product)");
    const es = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "es" }).markdown;
    expect(es).toContain("烟台 (región)");
  });
});
