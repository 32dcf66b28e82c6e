import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { ratingStats } from "../ratings/rating-stats";
import { countSuggestions } from "../suggestions/count-suggestions";
import { complaintRates } from "./complaint-rates";
import { Prisma } from "../generated/prisma/client";
import { shanghaiDayStart } from "../shanghai-day";
import type { DashboardFilter } from "./dashboard-filter";
import { keywordRowsSql } from "./keyword-rows";
import { keywordKind } from "../nlp/keywords";
import { shopRegions } from "./shop-regions";
import type { RollupDims } from "./rollup-where";
import { dailyStatsRows, statsRows } from "./rollup-sources";

const KEYWORD_LIMIT = 40;
// Keywords stored before issue 17's rules (还有, 小时 …) are left out of the cloud, so read extra.
const KEYWORD_CANDIDATES = KEYWORD_LIMIT * 3;

export type SeriesPoint = {
  bucket: string;
  complaints: number;
  responded: number;
  avgFirstResponseMinutes: number | null;
  resolved: number;
  avgHandlingHours: number | null;
  breached: number;
  breachRate: number | null;
  csatCount: number;
  csatAverage: number | null;
  npsCount: number;
  nps: number | null;
};

type Sums = {
  complaints: number;
  responded: number;
  firstResponseSeconds: number;
  resolved: number;
  handlingSeconds: number;
  breached: number;
  csatCount: number;
  csatSum: number;
  npsCount: number;
  promoters: number;
  detractors: number;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function point(bucket: string, s: Sums): SeriesPoint {
  return {
    bucket,
    complaints: s.complaints,
    responded: s.responded,
    avgFirstResponseMinutes: s.responded ? round(s.firstResponseSeconds / s.responded / 60) : null,
    resolved: s.resolved,
    avgHandlingHours: s.resolved ? round(s.handlingSeconds / s.resolved / 3600) : null,
    breached: s.breached,
    breachRate: s.complaints ? round(s.breached / s.complaints, 4) : null,
    csatCount: s.csatCount,
    csatAverage: s.csatCount ? round(s.csatSum / s.csatCount, 2) : null,
    npsCount: s.npsCount,
    nps: s.npsCount ? Math.round(((s.promoters - s.detractors) / s.npsCount) * 100) : null,
  };
}

function dimsOf(filter: DashboardFilter): RollupDims {
  return {
    from: filter.from,
    to: filter.to,
    tier: filter.tier ? [filter.tier] : [],
    region: filter.region,
    category: filter.category,
    groupCodes: filter.group,
  };
}

const BUCKET = {
  day: Prisma.sql`s.day`,
  week: Prisma.sql`date_trunc('week', s.day)::date`,
  month: Prisma.sql`date_trunc('month', s.day)::date`,
} as const;

const SUMS = Prisma.sql`sum(s.complaints)::int AS complaints, sum(s.responded)::int AS responded, sum(s.first_response_seconds)::float8 AS "firstResponseSeconds",
  sum(s.resolved)::int AS resolved, sum(s.handling_seconds)::float8 AS "handlingSeconds", sum(s.breached)::int AS breached,
  sum(s.csat_count)::int AS "csatCount", sum(s.csat_sum)::int AS "csatSum", sum(s.nps_count)::int AS "npsCount",
  sum(s.promoters)::int AS promoters, sum(s.detractors)::int AS detractors`;

/**
 * Everything the dashboard draws, from the rollups only (a handful of queries over at most
 * days × categories × regions × tiers rows): the series per bucket (volume, handling times, SLA
 * breach rate, CSAT, NPS), totals, categories, keywords and FAQ self-serves.
 */
export async function loadDashboard({ db, actor, filter }: { db: Db; actor: StaffActor; filter: DashboardFilter }) {
  assertCan(actor, "page.dashboard");
  const dims = dimsOf(filter);
  // Days and weeks need the daily rows; months, categories and regions add up whole months.
  const seriesRows = filter.grain === "month" ? statsRows(dims) : dailyStatsRows(dims);
  const [series, categories, keywords, selfServes, suggestions, ratings, regions, rates] = await Promise.all([
    db.$queryRaw<(Sums & { bucket: Date })[]>`
      SELECT ${BUCKET[filter.grain]} AS bucket, ${SUMS}
      FROM (${seriesRows}) s GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<{ category: string; complaints: number }[]>`
      SELECT s.category, sum(s.complaints)::int AS complaints FROM (${statsRows(dims)}) s
      GROUP BY 1 HAVING sum(s.complaints) > 0 ORDER BY 2 DESC, 1`,
    db.$queryRaw<{ keyword: string; complaints: number }[]>`
      SELECT k.keyword, sum(k.complaints)::int AS complaints FROM (${keywordRowsSql(dims)}) k
      GROUP BY 1 HAVING sum(k.complaints) > 0 ORDER BY 2 DESC, 1 LIMIT ${KEYWORD_CANDIDATES}`,
    countSelfServes({ db, filter }),
    // Like self-serves: no complaint, so only the range and the customer's tier and region apply.
    countSuggestions({
      db,
      from: shanghaiDayStart(filter.from),
      to: shanghaiDayStart(filter.to, 1),
      tier: filter.tier,
      region: filter.region,
    }),
    // Ratings too: they are about orders, so the range, tier and region apply, not the category.
    ratingStats({
      db,
      from: shanghaiDayStart(filter.from),
      to: shanghaiDayStart(filter.to, 1),
      tier: filter.tier,
      region: filter.region,
    }),
    shopRegions({ db }),
    // Complaints per 1 000 orders: the range, region and category apply, not tier or group (orders have neither).
    complaintRates({ db, filter }),
  ]);
  const regionNames = new Set(regions);
  const points = series.map(({ bucket, ...sums }) => point(bucket.toISOString().slice(0, 10), sums));
  const total = series.reduce<Sums>(
    (acc, s) => Object.fromEntries(Object.keys(acc).map((k) => [k, acc[k as keyof Sums] + s[k as keyof Sums]])) as Sums,
    {
      complaints: 0,
      responded: 0,
      firstResponseSeconds: 0,
      resolved: 0,
      handlingSeconds: 0,
      breached: 0,
      csatCount: 0,
      csatSum: 0,
      npsCount: 0,
      promoters: 0,
      detractors: 0,
    },
  );
  return {
    series: points,
    totals: point("total", total),
    categories,
    keywords: keywords
      .flatMap((k) => {
        const kind = keywordKind(k.keyword, regionNames);
        return kind ? [{ ...k, kind }] : [];
      })
      .slice(0, KEYWORD_LIMIT),
    selfServes,
    suggestions,
    ratings,
    regions,
    rates,
  };
}

/**
 * "这解决了我的问题" flows in the range. They have no complaint, so only the date range and the
 * customer's tier and region apply (the page says so).
 */
async function countSelfServes({ db, filter }: { db: Db; filter: DashboardFilter }) {
  const where: Prisma.Sql[] = [
    Prisma.sql`f.created_at >= ${shanghaiDayStart(filter.from)}`,
    Prisma.sql`f.created_at < ${shanghaiDayStart(filter.to, 1)}`,
  ];
  if (filter.tier) where.push(Prisma.sql`cu.tier::text = ${filter.tier}`);
  if (filter.region) where.push(Prisma.sql`cu.region = ${filter.region}`);
  const [{ count }] = await db.$queryRaw<
    { count: number }[]
  >`SELECT count(*)::int AS count FROM faq_self_serves f JOIN customers cu ON cu.id = f.customer_id WHERE ${Prisma.join(where, " AND ")}`;
  return count;
}
