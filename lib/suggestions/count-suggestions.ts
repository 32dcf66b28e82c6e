import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";

export type SuggestionCounts = { total: number; thanked: number; byTag: { tag: string; count: number }[] };

/**
 * Suggestions filed in [from, to), optionally only of customers of a tier or region: how many,
 * how many were thanked, and how many carry each tag (a suggestion may carry several). For the
 * dashboard's tile and the weekly report.
 */
export async function countSuggestions({
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
}): Promise<SuggestionCounts> {
  const where: Prisma.Sql[] = [Prisma.sql`s.created_at >= ${from}`, Prisma.sql`s.created_at < ${to}`];
  if (tier) where.push(Prisma.sql`cu.tier::text = ${tier}`);
  if (region) where.push(Prisma.sql`cu.region = ${region}`);
  const matching = Prisma.sql`suggestions s JOIN customers cu ON cu.id = s.customer_id WHERE ${Prisma.join(where, " AND ")}`;
  const [[totals], byTag] = await Promise.all([
    db.$queryRaw<{ total: number; thanked: number }[]>`
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE s.status = 'thanked'))::int AS thanked FROM ${matching}`,
    db.$queryRaw<{ tag: string; count: number }[]>`
      SELECT tag, count(*)::int AS count FROM (SELECT s.tags FROM ${matching}) m CROSS JOIN LATERAL unnest(m.tags) AS tag
      GROUP BY tag ORDER BY count DESC, tag`,
  ]);
  return { total: totals?.total ?? 0, thanked: totals?.thanked ?? 0, byTag };
}
