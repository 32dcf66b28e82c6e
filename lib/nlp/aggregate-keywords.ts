import type { Db } from "../db/create-client";
import { Prisma } from "../generated/prisma/client";

export type KeywordFilter = { from?: Date; to?: Date; categories?: string[]; region?: string };

/** The most frequent stored keywords of the complaints matching a filter (time, category, region): a word cloud's data. */
export async function aggregateKeywords({ db, filter, limit = 40 }: { db: Db; filter: KeywordFilter; limit?: number }): Promise<{ keyword: string; count: number }[]> {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.from) where.push(Prisma.sql`c.created_at >= ${filter.from}`);
  if (filter.to) where.push(Prisma.sql`c.created_at < ${filter.to}`);
  if (filter.categories?.length) where.push(Prisma.sql`c.category = ANY(${filter.categories}::text[])`);
  if (filter.region) where.push(Prisma.sql`o.region = ${filter.region}`);
  return db.$queryRaw<{ keyword: string; count: number }[]>`
    SELECT k AS keyword, count(*)::int AS count
    FROM complaints c JOIN orders o ON o.id = c.order_id, unnest(c.keywords) AS k
    WHERE ${Prisma.join(where, " AND ")}
    GROUP BY k ORDER BY count DESC, k LIMIT ${limit}`;
}
