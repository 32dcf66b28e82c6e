import { queueQueryString, type HAS } from "../complaints/queue/queue-filter";
import { addDays } from "../shanghai-day";
import type { DashboardFilter } from "./dashboard-filter";

export type Drill = {
  from?: string;
  to?: string;
  category?: string[];
  group?: string[];
  has?: (typeof HAS)[number];
  keyword?: string;
  region?: string;
  /** A product's SKU: complaints whose order contains it. */
  product?: string;
};

/**
 * The queue link behind a chart element: the dashboard's own filters narrowed by what was
 * clicked. The queue filters on exactly the rollups' dimensions, so its count is the chart's.
 */
export function drillHref(filter: DashboardFilter, drill: Drill = {}): string {
  return `/admin/complaints?${queueQueryString({
    from: drill.from ?? filter.from,
    to: drill.to ?? filter.to,
    tier: filter.tier ? [filter.tier] : [],
    region: drill.region ?? filter.region,
    category: drill.category ?? filter.category,
    group: drill.group ?? filter.group,
    has: drill.has,
    keyword: drill.keyword,
    product: drill.product,
  })}`;
}

/** The days a bucket covers inside the dashboard's range (the first week may start before it). */
export function bucketRange(bucket: string, filter: DashboardFilter): { from: string; to: string } {
  const end =
    filter.grain === "day"
      ? bucket
      : filter.grain === "week"
        ? addDays(bucket, 6)
        : addDays(
            `${bucket.slice(0, 7)}-01`,
            new Date(Date.UTC(Number(bucket.slice(0, 4)), Number(bucket.slice(5, 7)), 0)).getUTCDate() - 1,
          );
  return { from: bucket < filter.from ? filter.from : bucket, to: end > filter.to ? filter.to : end };
}
