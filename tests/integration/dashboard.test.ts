import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import type { Category } from "../../lib/complaints/vocabulary/taxonomy";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { bucketRange, drillHref } from "../../lib/dashboard/drill-down";
import { submitSurvey } from "../../lib/surveys/submit-survey";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const NOW = new Date("2026-11-20T04:00:00Z"); // 12:00 in Shanghai
const daysAgo = (d: number, hour = 2) => new Date(NOW.getTime() - d * 86_400_000 + hour * 3_600_000);

let admin: StaffActor;
let expert: StaffActor;

const CASES: {
  category: Category;
  region: string;
  tier: "normal" | "vip";
  days: number;
  description: string;
  respond?: boolean;
  resolve?: boolean;
  breach?: boolean;
  csat?: number;
  nps?: number;
}[] = [
  {
    category: "product.quality",
    region: "上海",
    tier: "vip",
    days: 1,
    description: "芒果烂了，有股酸味",
    respond: true,
    resolve: true,
    csat: 5,
  },
  { category: "product.quality", region: "上海", tier: "normal", days: 1, description: "芒果发霉了", respond: true },
  {
    category: "product.quality",
    region: "北京",
    tier: "normal",
    days: 3,
    description: "草莓烂了好几个",
    respond: true,
    resolve: true,
    csat: 2,
    breach: true,
  },
  { category: "delivery.late", region: "北京", tier: "normal", days: 3, description: "配送晚了三个小时", breach: true },
  {
    category: "delivery.late",
    region: "广州",
    tier: "vip",
    days: 10,
    description: "配送太慢了，晚到两小时",
    respond: true,
    resolve: true,
    csat: 4,
  },
  {
    category: "product.short_weight",
    region: "广州",
    tier: "normal",
    days: 20,
    description: "苹果缺斤少两",
    respond: true,
    resolve: true,
  },
  { category: "order.payment", region: "上海", tier: "normal", days: 40, description: "被重复扣款两次" },
  { category: "service.attitude", region: "成都", tier: "vip", days: 0, description: "客服态度很差" },
];

beforeAll(async () => {
  await resetData();
  admin = await createStaff({ role: "admin" });
  expert = await createStaff({ role: "expert" });
  for (const c of CASES) {
    const { id } = await fileTestComplaint({
      category: c.category,
      region: c.region,
      tier: c.tier,
      description: c.description,
      now: daysAgo(c.days),
    });
    const at = (hours: number) => new Date(daysAgo(c.days).getTime() + hours * 3_600_000);
    if (c.respond)
      await replyToComplaint({
        db: testDb,
        actor: expert,
        complaintId: id,
        version: 0,
        text: "您好，已收到",
        now: at(0.5),
      });
    if (c.resolve) {
      const { version, customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
      await resolveComplaint({
        db: testDb,
        actor: expert,
        complaintId: id,
        version,
        outcome: "explanation",
        note: "已说明",
        shopRefunds: false,
        keyring: testKeyring(),
        now: at(6),
      });
      if (c.csat) {
        await testDb.complaint.update({ where: { id }, data: { surveyAsksNps: true } });
        await submitSurvey({
          db: testDb,
          customerId,
          input: { complaintId: id, csat: c.csat, nps: c.csat >= 4 ? 10 : 3, comment: "" },
          now: at(8),
        });
      }
    }
    if (c.breach) await testDb.complaint.update({ where: { id }, data: { slaBreachCount: 1 } });
  }
});

/** The queue's real rows for a drill-down link, paged through to the end. */
async function queueRows(href: string) {
  const params = Object.fromEntries(new URL(href, "http://x").searchParams);
  let filter = parseQueueFilter(params);
  let rows = 0;
  for (;;) {
    const page = await listQueue({ db: testDb, actor: admin, filter, now: NOW, pageSize: 100 });
    rows += page.rows.length;
    if (!page.nextCursor) return { rows, total: page.total };
    filter = { ...filter, after: page.nextCursor };
  }
}

async function snapshot() {
  // The rollup tables once every pending delta is folded in (intake appends deltas; lib/dashboard/fold-rollups.ts).
  await testDb.$queryRaw`SELECT kesu_fold_rollups()`;
  const stats = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_stats_daily WHERE complaints <> 0 OR responded <> 0 ORDER BY day, category, region, tier, group_id`;
  const words = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_keywords_daily WHERE complaints <> 0 ORDER BY day, category, region, tier, group_id, keyword`;
  const months = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_keywords_monthly WHERE complaints <> 0 ORDER BY day, category, region, tier, group_id, keyword`;
  // Sums of seconds are floats, added in another order by a rebuild: compared to the millisecond.
  const statMonths = await testDb.$queryRaw<
    object[]
  >`SELECT day, category, region, tier, group_id, complaints, responded, round(first_response_seconds::numeric, 3) AS first_response_seconds, resolved, round(handling_seconds::numeric, 3) AS handling_seconds, breached, csat_count, csat_sum, csat_good, nps_count, promoters, detractors
    FROM complaint_stats_monthly WHERE complaints <> 0 OR responded <> 0 ORDER BY day, category, region, tier, group_id`;
  return { stats, words, months, statMonths };
}

describe("dashboard rollups", () => {
  it("kept by triggers through intake, replies, resolutions and surveys equal a rebuild from scratch", async () => {
    const incremental = await snapshot();
    expect(incremental.stats.length).toBeGreaterThan(0);
    expect(incremental.months.length).toBeGreaterThan(0);
    expect(incremental.statMonths.length).toBeGreaterThan(0);
    await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;
    expect(await snapshot()).toEqual(incremental);
  });

  it("count what the seeded complaints say", async () => {
    const { filter } = parseDashboardFilter({ from: "2026-10-01", to: "2026-11-20", grain: "day" }, NOW);
    const data = await loadDashboard({ db: testDb, actor: admin, filter });
    expect(data.totals).toMatchObject({
      complaints: 8,
      responded: 5,
      resolved: 4,
      breached: 2,
      csatCount: 3,
      csatAverage: 3.67,
      npsCount: 3,
      nps: 33,
    });
    expect(data.totals.avgFirstResponseMinutes).toBe(30);
    expect(data.totals.avgHandlingHours).toBe(6);
    expect(data.categories[0]).toEqual({ category: "product.quality", complaints: 3 });
  });
});

describe("drill-down: every chart element opens exactly its complaints", () => {
  for (const grain of ["day", "week", "month"] as const) {
    it(`${grain}: every bucket of every series, every category, group, keyword and KPI`, async () => {
      const { filter } = parseDashboardFilter({ from: "2026-10-01", to: "2026-11-20", grain }, NOW);
      const data = await loadDashboard({ db: testDb, actor: admin, filter });
      const checks: [string, number][] = [];
      for (const p of data.series) {
        const range = bucketRange(p.bucket, filter);
        checks.push(
          [drillHref(filter, range), p.complaints],
          [drillHref(filter, { ...range, has: "responded" }), p.responded],
          [drillHref(filter, { ...range, has: "resolved" }), p.resolved],
        );
        checks.push(
          [drillHref(filter, { ...range, has: "breached" }), p.breached],
          [drillHref(filter, { ...range, has: "surveyed" }), p.csatCount],
          [drillHref(filter, { ...range, has: "nps" }), p.npsCount],
        );
      }
      for (const c of data.categories) checks.push([drillHref(filter, { category: [c.category] }), c.complaints]);
      for (const k of data.keywords) checks.push([drillHref(filter, { keyword: k.keyword }), k.complaints]);
      // Four product complaints, one of them a VIP's: that one is on the VIP line.
      checks.push([drillHref(filter, { group: ["product"] }), 3], [drillHref(filter), data.totals.complaints]);
      expect(data.series.reduce((s, p) => s + p.complaints, 0)).toBe(8);
      for (const [href, expected] of checks) {
        const { rows, total } = await queueRows(href);
        expect({ href, rows, total }).toEqual({ href, rows: expected, total: expected });
      }
    });
  }

  it("with tier, region and category filters too", async () => {
    for (const params of [
      { tier: "vip" },
      { region: "北京" },
      { category: "product.quality", tier: "normal" },
      { group: "delivery" },
    ]) {
      const { filter } = parseDashboardFilter({ from: "2026-10-01", to: "2026-11-20", grain: "week", ...params }, NOW);
      const data = await loadDashboard({ db: testDb, actor: admin, filter });
      const { rows, total } = await queueRows(drillHref(filter));
      expect({ params, rows, total }).toEqual({ params, rows: data.totals.complaints, total: data.totals.complaints });
      for (const k of data.keywords)
        expect((await queueRows(drillHref(filter, { keyword: k.keyword }))).rows).toBe(k.complaints);
    }
  });

  it("a keyword without dates (or with only one bound) counts from whole months and the ragged days alike", async () => {
    const ranges: Record<string, string>[] = [{}, { from: "2026-10-15" }, { to: "2026-11-10" }];
    for (const params of ranges) {
      for (const keyword of ["芒果", "配送", "烂"]) {
        const { rows, total } = await queueRows(`/admin/complaints?${new URLSearchParams({ ...params, keyword })}`);
        expect({ params, keyword, total }).toEqual({ params, keyword, total: rows });
      }
    }
  });
});

describe("dashboard filters from the URL", () => {
  it("ignore unknown values with a notice, refuse ranges over two years or inverted", () => {
    const parsed = parseDashboardFilter(
      { tier: "gold", category: "product.quality,fruit.bad", grain: "hourly", from: "2026-02-30" },
      NOW,
    );
    expect(parsed.ignored.sort()).toEqual(["category", "from", "grain", "tier"]);
    expect(parsed.filter).toMatchObject({
      tier: undefined,
      category: ["product.quality"],
      to: "2026-11-20",
      from: "2026-10-22",
      grain: "day",
    });
    expect(parseDashboardFilter({ from: "2024-01-01", to: "2026-11-20" }, NOW)).toMatchObject({
      error: "range_too_long",
      filter: { from: "2026-10-22", to: "2026-11-20" },
    });
    expect(parseDashboardFilter({ from: "2026-11-20", to: "2026-11-01" }, NOW).error).toBe("range_inverted");
    expect(parseDashboardFilter({ from: "2025-01-01", to: "2026-11-20" }, NOW)).toMatchObject({
      error: undefined,
      filter: { grain: "month" },
    });
  });
});
