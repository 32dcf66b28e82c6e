import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";

export type RatingBucket = { key: string; label: string; count: number; average: number };
export type RatingStats = {
  count: number;
  average: number | null;
  /** Ratings that became complaints. */
  complaints: number;
  byMonth: RatingBucket[];
  byRegion: RatingBucket[];
  byTier: RatingBucket[];
  /** The products rated most (a rating counts for each product of its order). */
  byProduct: RatingBucket[];
};

const TOP_PRODUCTS = 10;

/**
 * The dashboard's ratings: how many, the average stars, how many became complaints, and the
 * average by month, region, tier and product, for ratings made in [from, to) — optionally of a
 * tier or region (as they were when the customer rated). Straight from `ratings`, indexed by time:
 * a shop's ratings are a fraction of its orders, and the range is at most a year.
 */
export async function ratingStats({
  db,
  from,
  to,
  tier,
  region,
}: {
  db: Db;
  from: Date;
  to: Date;
  tier?: string;
  region?: string;
}): Promise<RatingStats> {
  const where: Prisma.Sql[] = [Prisma.sql`r.created_at >= ${from}`, Prisma.sql`r.created_at < ${to}`];
  if (tier) where.push(Prisma.sql`r.tier::text = ${tier}`);
  if (region) where.push(Prisma.sql`r.region = ${region}`);
  const conditions = Prisma.join(where, " AND ");
  const matching = Prisma.sql`ratings r WHERE ${conditions}`;
  const grouped = (key: Prisma.Sql, label: Prisma.Sql = key) => db.$queryRaw<RatingBucket[]>`
    SELECT ${key} AS key, ${label} AS label, count(*)::int AS count, avg(r.stars)::float8 AS average
    FROM ${matching} GROUP BY 1, 2 ORDER BY 1`;
  const [[totals], byMonth, byRegion, byTier, byProduct] = await Promise.all([
    db.$queryRaw<{ count: number; average: number | null; complaints: number }[]>`
      SELECT count(*)::int AS count, avg(r.stars)::float8 AS average,
        (count(*) FILTER (WHERE r.complaint_id IS NOT NULL))::int AS complaints
      FROM ${matching}`,
    grouped(Prisma.sql`to_char(r.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`),
    grouped(Prisma.sql`r.region`),
    grouped(Prisma.sql`r.tier::text`),
    db.$queryRaw<RatingBucket[]>`
      SELECT p.sku AS key, p.name AS label, count(*)::int AS count, avg(r.stars)::float8 AS average
      FROM ratings r JOIN order_items oi ON oi.order_id = r.order_id JOIN products p ON p.id = oi.product_id
      WHERE ${conditions}
      GROUP BY p.sku, p.name ORDER BY count(*) DESC, p.sku LIMIT ${TOP_PRODUCTS}`,
  ]);
  return {
    count: totals?.count ?? 0,
    average: totals?.average ?? null,
    complaints: totals?.complaints ?? 0,
    byMonth,
    byRegion,
    byTier,
    byProduct,
  };
}
