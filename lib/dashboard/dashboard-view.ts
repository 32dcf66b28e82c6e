import { ratingsHref } from "../ratings/list-ratings";
import type { RatingBucket, RatingStats } from "../ratings/rating-stats";
import { CATEGORY_GROUPS, categoriesIn } from "../complaints/vocabulary/taxonomy";
import type { loadDashboard, SeriesPoint } from "./dashboard-data";
import type { DashboardFilter } from "./dashboard-filter";
import { bucketRange, drillHref, type Drill } from "./drill-down";
import { ratesView } from "./rates-view";

type DashboardData = Awaited<ReturnType<typeof loadDashboard>>;

/** One point of a chart, and the complaints behind it. */
export type ChartPoint = { label: string; value: number | null; count: number; href: string };
/** One slice of the category donut (a group or a subtype). */
type CategorySlice = { key: string; label: string; value: number; href: string };

/** The words the view needs in the reader's language (the page passes its translator's). */
export type DashboardLabels = {
  category: (category: string) => string;
  group: (group: string) => string;
  minutes: (value: number) => string;
  hours: (value: number) => string;
  basedOn: (count: number) => string;
  /** A share (0.125) as the reader writes it: 12.5% · 12,5 %. */
  percent: (share: number) => string;
  /** An average of stars, e.g. "4.3 星". */
  stars: (average: number) => string;
  tier: (tier: string) => string;
  /** Complaints per 1 000 orders as the reader writes it: 12.5 · 12,5. */
  perThousand: (rate: number) => string;
};

/**
 * The dashboard as the page draws it: KPI tiles, trend charts, the category donut and the keyword
 * cloud — every number with the count it rests on and the link to its complaints (drill-down).
 */
export function dashboardView({
  data,
  filter,
  labels,
}: {
  data: DashboardData;
  filter: DashboardFilter;
  labels: DashboardLabels;
}) {
  const trend = (
    value: (p: SeriesPoint) => number | null,
    count: (p: SeriesPoint) => number,
    drill: Drill = {},
  ): ChartPoint[] =>
    data.series.map((p) => ({
      label: p.bucket,
      value: value(p),
      count: count(p),
      href: drillHref(filter, { ...drill, ...bucketRange(p.bucket, filter) }),
    }));
  const groups: CategorySlice[] = CATEGORY_GROUPS.map((group) => {
    const members = categoriesIn(group);
    const value = data.categories
      .filter((c) => (members as string[]).includes(c.category))
      .reduce((sum, c) => sum + c.complaints, 0);
    // By its categories, not by handling group: a VIP's complaint counts under its category's group
    // here but is handled on the VIP line.
    const drilled = members.filter((c) => filter.category.length === 0 || filter.category.includes(c));
    return { key: group, label: labels.group(group), value, href: drillHref(filter, { category: drilled }) };
  }).filter((g) => g.value > 0);
  const categories: CategorySlice[] = data.categories.map((c) => ({
    key: c.category,
    label: labels.category(c.category),
    value: c.complaints,
    href: drillHref(filter, { category: [c.category] }),
  }));
  const totals = data.totals;
  const kpis = [
    { key: "complaints", value: String(totals.complaints), count: totals.complaints, href: drillHref(filter) },
    {
      key: "firstResponse",
      value: totals.avgFirstResponseMinutes === null ? "—" : labels.minutes(totals.avgFirstResponseMinutes),
      count: totals.responded,
      href: drillHref(filter, { has: "responded" }),
    },
    {
      key: "handling",
      value: totals.avgHandlingHours === null ? "—" : labels.hours(totals.avgHandlingHours),
      count: totals.resolved,
      href: drillHref(filter, { has: "resolved" }),
    },
    {
      key: "breachRate",
      value: totals.breachRate === null ? "—" : labels.percent(totals.breachRate),
      count: totals.breached,
      href: drillHref(filter, { has: "breached" }),
    },
    {
      key: "csat",
      value: totals.csatAverage === null ? "—" : `${totals.csatAverage}/5`,
      count: totals.csatCount,
      href: drillHref(filter, { has: "surveyed" }),
    },
    {
      key: "nps",
      value: totals.nps === null ? "—" : String(totals.nps),
      count: totals.npsCount,
      href: drillHref(filter, { has: "nps" }),
    },
  ] as const;
  const charts = [
    {
      key: "volume",
      kind: "bar",
      points: trend(
        (p) => p.complaints,
        (p) => p.complaints,
      ),
    },
    {
      key: "firstResponse",
      kind: "line",
      points: trend(
        (p) => p.avgFirstResponseMinutes,
        (p) => p.responded,
        { has: "responded" },
      ),
    },
    {
      key: "handling",
      kind: "line",
      points: trend(
        (p) => p.avgHandlingHours,
        (p) => p.resolved,
        { has: "resolved" },
      ),
    },
    {
      key: "breachRate",
      kind: "line",
      points: trend(
        (p) => (p.breachRate === null ? null : Math.round(p.breachRate * 1000) / 10),
        (p) => p.breached,
        { has: "breached" },
      ),
    },
    {
      key: "csat",
      kind: "line",
      points: trend(
        (p) => p.csatAverage,
        (p) => p.csatCount,
        { has: "surveyed" },
      ),
      domain: [1, 5],
    },
    {
      key: "nps",
      kind: "line",
      points: trend(
        (p) => p.nps,
        (p) => p.npsCount,
        { has: "nps" },
      ),
      domain: [-100, 100],
    },
  ] as const;
  const keywords = data.keywords.map((k) => ({
    keyword: k.keyword,
    weight: k.complaints,
    kind: k.kind,
    title: labels.basedOn(k.complaints),
    href: drillHref(filter, { keyword: k.keyword }),
  }));
  return {
    kpis,
    charts,
    groups,
    categories,
    keywords,
    selfServes: data.selfServes,
    suggestions: data.suggestions,
    ratings: ratingsView({ ratings: data.ratings, filter, labels }),
    regions: data.regions,
    rates: ratesView({ rates: data.rates, filter, labels }),
  };
}

/** The ratings tile and chart: averages by month, region, tier and product, each linked to its ratings. */
function ratingsView({
  ratings,
  filter,
  labels,
}: {
  ratings: RatingStats;
  filter: DashboardFilter;
  labels: DashboardLabels;
}) {
  const scope = { from: filter.from, to: filter.to, tier: filter.tier, region: filter.region };
  const rows = (buckets: RatingBucket[], key: "region" | "tier" | "product", label = (b: RatingBucket) => b.label) =>
    buckets.map((b) => ({
      key: b.key,
      label: label(b),
      value: labels.stars(b.average),
      count: b.count,
      href: ratingsHref({ ...scope, [key]: b.key }),
    }));
  return {
    count: ratings.count,
    complaints: ratings.complaints,
    average: ratings.average === null ? "—" : labels.stars(ratings.average),
    href: ratingsHref(scope),
    byMonth: ratings.byMonth.map((b) => ({
      label: b.key,
      value: Math.round(b.average * 100) / 100,
      count: b.count,
      href: ratingsHref({ ...scope, month: b.key }),
    })),
    byRegion: rows(ratings.byRegion, "region"),
    byTier: rows(ratings.byTier, "tier", (b) => labels.tier(b.key)),
    byProduct: rows(ratings.byProduct, "product"),
  };
}
