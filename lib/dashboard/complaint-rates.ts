import type { Db } from "../db-client";
import type { DashboardFilter } from "./dashboard-filter";
import { complaintProductRows, orderProductRows, orderRows } from "./rate-rollup-sources";
import { statsRows } from "./rollup-sources";

/** How many products the rate table lists. */
export const TOP_PRODUCTS = 10;
/** Below this many orders in the range a product's rate is noise: such products rank after the others. */
export const MIN_PRODUCT_ORDERS = 20;

type Counted = { complaints: number; orders: number };
export type ComplaintRates = {
  total: Counted;
  byCategory: (Counted & { category: string })[];
  byRegion: (Counted & { region: string })[];
  byProduct: (Counted & { sku: string; name: string })[];
};

/**
 * The filters rates use: the range, the region and the categories. Tier and handling group are
 * left out on both sides — an order has neither, and a rate over all orders of complaints from
 * VIPs only would mean nothing. The drill-downs leave them out too, so they count the same.
 */
export function rateFilter(filter: DashboardFilter): DashboardFilter {
  return { ...filter, tier: undefined, group: [] };
}

/**
 * Complaints per order in the dashboard's range, from the rollups only: complaints filed in the
 * range (by category, by the region they were filed under, by each product on their order) over
 * orders placed in it (all of them for a category, the region's, those containing the product).
 * The products listed are the highest rates among those with enough orders, then the rest.
 */
export async function complaintRates({ db, filter }: { db: Db; filter: DashboardFilter }): Promise<ComplaintRates> {
  const orders = { from: filter.from, to: filter.to, region: filter.region };
  const complaints = { ...orders, category: filter.category };
  const [ordersByRegion, complaintsBy, byProduct] = await Promise.all([
    db.$queryRaw<{ region: string; orders: number }[]>`
      SELECT s.region, sum(s.orders)::int AS orders FROM (${orderRows(orders)}) s GROUP BY 1 HAVING sum(s.orders) <> 0`,
    db.$queryRaw<{ category: string; region: string; complaints: number }[]>`
      SELECT s.category, s.region, sum(s.complaints)::int AS complaints FROM (${statsRows(complaints)}) s
      GROUP BY 1, 2 HAVING sum(s.complaints) <> 0`,
    db.$queryRaw<ComplaintRates["byProduct"]>`
      WITH c AS (
        SELECT s.product_id, sum(s.complaints)::int AS complaints FROM (${complaintProductRows(complaints)}) s
        GROUP BY 1 HAVING sum(s.complaints) > 0
      ), o AS (
        SELECT s.product_id, sum(s.orders)::int AS orders FROM (${orderProductRows(orders)}) s GROUP BY 1
      )
      SELECT p.sku, p.name, c.complaints, coalesce(o.orders, 0)::int AS orders
      FROM c JOIN products p ON p.id = c.product_id LEFT JOIN o ON o.product_id = c.product_id
      ORDER BY coalesce(o.orders, 0) >= ${MIN_PRODUCT_ORDERS} DESC, c.complaints::float8 / nullif(o.orders, 0) DESC NULLS LAST,
        c.complaints DESC, p.sku
      LIMIT ${TOP_PRODUCTS}`,
  ]);
  const totalOrders = ordersByRegion.reduce((sum, r) => sum + r.orders, 0);
  const sumBy = (key: "category" | "region") => {
    const sums = new Map<string, number>();
    for (const row of complaintsBy) sums.set(row[key], (sums.get(row[key]) ?? 0) + row.complaints);
    return sums;
  };
  const byCategory = [...sumBy("category")]
    .map(([category, n]) => ({ category, complaints: n, orders: totalOrders }))
    .sort((a, b) => b.complaints - a.complaints || a.category.localeCompare(b.category));
  const complaintsByRegion = sumBy("region");
  const regionOrders = new Map(ordersByRegion.map((r) => [r.region, r.orders]));
  // Every region with orders or complaints; a complaint filed without a region has no row to open.
  const byRegion = [...new Set([...regionOrders.keys(), ...complaintsByRegion.keys()])]
    .filter((region) => region !== "")
    .map((region) => ({
      region,
      complaints: complaintsByRegion.get(region) ?? 0,
      orders: regionOrders.get(region) ?? 0,
    }))
    .sort((a, b) => perMille(b) - perMille(a) || b.complaints - a.complaints || a.region.localeCompare(b.region));
  return {
    total: { complaints: complaintsBy.reduce((sum, r) => sum + r.complaints, 0), orders: totalOrders },
    byCategory,
    byRegion,
    byProduct,
  };
}

/** Complaints per 1 000 orders, one decimal; null without orders (complaints on orders placed before the range). */
export function perThousand({ complaints, orders }: Counted): number | null {
  return orders ? Math.round((complaints * 10_000) / orders) / 10 : null;
}

/** For sorting: a rate without orders after every real one. */
const perMille = (c: Counted) => perThousand(c) ?? -1;
