import { Prisma } from "../generated/prisma/client";

/** The rollup dimensions a dashboard view or a drill-down restricts. */
export type RollupDims = {
  from?: string;
  to?: string;
  tier?: string[];
  region?: string;
  category?: string[];
  groupCodes?: string[];
  keyword?: string;
  /** A product by SKU: only for the product rollups (lib/dashboard/rate-rollup-sources.ts). */
  product?: string;
};

/**
 * Conditions on a rollup table aliased `s` (stats or keywords; `keyword` only for the keyword
 * tables, `product` only for the product ones). A dimension is only asked of tables that have it.
 */
export function rollupWhere(dims: RollupDims): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (dims.from) where.push(Prisma.sql`s.day >= ${dims.from}::date`);
  if (dims.to) where.push(Prisma.sql`s.day <= ${dims.to}::date`);
  if (dims.tier?.length) where.push(Prisma.sql`s.tier = ANY(${dims.tier}::"CustomerTier"[])`);
  if (dims.region) where.push(Prisma.sql`s.region = ${dims.region}`);
  if (dims.category?.length) where.push(Prisma.sql`s.category = ANY(${dims.category}::text[])`);
  if (dims.keyword) where.push(Prisma.sql`s.keyword = ${dims.keyword}`);
  if (dims.product) where.push(Prisma.sql`s.product_id = (SELECT id FROM products WHERE sku = ${dims.product})`);
  if (dims.groupCodes?.length)
    where.push(Prisma.sql`s.group_id IN (SELECT id FROM handling_groups WHERE code = ANY(${dims.groupCodes}::text[]))`);
  return Prisma.join(where, " AND ");
}
