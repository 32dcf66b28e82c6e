import { Prisma } from "../generated/prisma/client";
import { foldedRollupRows } from "./rollup-range";
import { rollupWhere, type RollupDims } from "./rollup-where";

/** What the order rollups know: orders carry no category, tier or handling group (those are the complaint's). */
type OrderDims = Pick<RollupDims, "from" | "to" | "region">;
/** What the complaint-per-product rollup knows (migration 20261203120000). */
type ComplaintProductDims = Pick<RollupDims, "from" | "to" | "region" | "category" | "product">;

/**
 * A rate rollup family's rows for `dims`: whole months from its monthly table, ragged ends from its
 * daily one, plus the deltas not yet folded — exact at any moment, as the complaint rollups
 * (lib/dashboard/rollup-sources.ts). Use as `FROM (${rows}) s`.
 */
function rollupRows(family: string, columns: string, dims: RollupDims): Prisma.Sql {
  const selected = Prisma.raw(columns);
  const folded = foldedRollupRows({
    dims,
    columns: selected,
    daily: Prisma.raw(`${family}_daily`),
    monthly: Prisma.raw(`${family}_monthly`),
  });
  return Prisma.sql`${folded} UNION ALL SELECT ${selected} FROM ${Prisma.raw(`${family}_delta`)} s WHERE ${rollupWhere(dims)}`;
}

/** Orders placed, by Shanghai day and region. */
export function orderRows({ from, to, region }: OrderDims): Prisma.Sql {
  return rollupRows("order_stats", "s.day, s.region, s.orders", { from, to, region });
}

/** Orders placed that contain a product, by day, region and product. */
export function orderProductRows({ from, to, region }: OrderDims): Prisma.Sql {
  return rollupRows("order_product_stats", "s.day, s.region, s.product_id, s.orders", { from, to, region });
}

/** Complaints filed, by day, category, region and each product on the complaint's order. */
export function complaintProductRows({ from, to, region, category, product }: ComplaintProductDims): Prisma.Sql {
  return rollupRows("complaint_product_stats", "s.day, s.category, s.region, s.product_id, s.complaints", {
    from,
    to,
    region,
    category,
    product,
  });
}
