import { MIN_PRODUCT_ORDERS, perThousand, rateFilter, type ComplaintRates } from "./complaint-rates";
import type { DashboardFilter } from "./dashboard-filter";
import { drillHref } from "./drill-down";

/** One row of a rate table: the rate as the reader writes it, what it rests on, and its complaints. */
export type RateRow = {
  key: string;
  label: string;
  rate: string;
  complaints: number;
  orders: number;
  href: string;
  /** Too few orders for the rate to say much. */
  fewOrders?: boolean;
};

/**
 * The rate tables as the page draws them. Each row opens the queue on exactly the complaints it
 * counts (the range, region and categories; not tier or group, which rates leave out).
 */
export function ratesView({
  rates,
  filter,
  labels,
}: {
  rates: ComplaintRates;
  filter: DashboardFilter;
  labels: { category: (category: string) => string; perThousand: (rate: number) => string };
}) {
  const scope = rateFilter(filter);
  const rate = (counted: { complaints: number; orders: number }) => {
    const value = perThousand(counted);
    return value === null ? "—" : labels.perThousand(value);
  };
  return {
    total: { ...rates.total, rate: rate(rates.total), href: drillHref(scope) },
    // Leaving out tier or group changes what is counted: the page says so when one is set.
    ignored: [...(filter.tier ? ["tier"] : []), ...(filter.group.length ? ["group"] : [])],
    byCategory: rates.byCategory.map((c): RateRow => ({
      key: c.category,
      label: labels.category(c.category),
      rate: rate(c),
      complaints: c.complaints,
      orders: c.orders,
      href: drillHref(scope, { category: [c.category] }),
    })),
    byRegion: rates.byRegion.map((r): RateRow => ({
      key: r.region,
      label: r.region,
      rate: rate(r),
      complaints: r.complaints,
      orders: r.orders,
      href: drillHref(scope, { region: r.region }),
    })),
    byProduct: rates.byProduct.map((p): RateRow => ({
      key: p.sku,
      label: p.name,
      rate: rate(p),
      complaints: p.complaints,
      orders: p.orders,
      href: drillHref(scope, { product: p.sku }),
      fewOrders: p.orders < MIN_PRODUCT_ORDERS,
    })),
  };
}
