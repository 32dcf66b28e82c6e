import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { aggregateKeywords } from "../../lib/nlp/aggregate-keywords";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

describe("complaint keywords", () => {
  it("are stored at intake and aggregate for any filter (time, category, region)", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality", description: "芒果烂了，芒果发霉", region: "上海" });
    await fileTestComplaint({ category: "product.quality", description: "芒果不新鲜", region: "上海" });
    await fileTestComplaint({ category: "delivery.late", description: "配送超时两个小时", region: "北京" });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id } })).keywords).toContain("芒果");
    const all = await aggregateKeywords({ db: testDb, filter: {} });
    expect(all[0]).toEqual({ keyword: "芒果", count: 2 });
    const beijing = await aggregateKeywords({ db: testDb, filter: { region: "北京" } });
    expect(beijing.map((k) => k.keyword)).not.toContain("芒果");
    expect(await aggregateKeywords({ db: testDb, filter: { categories: ["delivery.late"], from: new Date(Date.now() + 60_000) } })).toEqual([]);
  });
});
