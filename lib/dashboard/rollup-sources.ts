import { Prisma } from "../generated/prisma/client";
import { rollupWhere, type RollupDims } from "./rollup-where";
import { foldedRollupRows } from "./rollup-range";

const STATS_COLUMNS = Prisma.raw(
  "s.day, s.category, s.region, s.tier, s.group_id, s.complaints, s.responded, s.first_response_seconds, s.resolved, s.handling_seconds, s.breached, s.csat_count, s.csat_sum, s.csat_good, s.nps_count, s.promoters, s.detractors",
);

/**
 * The daily stats rollup plus the counts not yet folded into it (migration 20261130140000): intake
 * appends deltas instead of locking a shared rollup row, and readers add up both, so every sum is
 * exact at any moment. Filtered by `dims`; use as `FROM (${dailyStatsRows(dims)}) s`.
 */
export function dailyStatsRows(dims: RollupDims): Prisma.Sql {
  const where = rollupWhere(dims);
  return Prisma.sql`SELECT ${STATS_COLUMNS} FROM complaint_stats_daily s WHERE ${where}
    UNION ALL SELECT ${STATS_COLUMNS} FROM complaint_stats_delta s WHERE ${where}`;
}

/**
 * The same sums from far fewer rows for anything not drawn per day or week (totals, categories,
 * month buckets, counts): whole months from the monthly rollup (migration 20261201000000), the
 * range's ragged ends from the daily one, plus the unfolded deltas. A whole month's rows carry the
 * month's first day. Use as `FROM (${statsRows(dims)}) s`.
 */
export function statsRows(dims: RollupDims): Prisma.Sql {
  const folded = foldedRollupRows({
    dims,
    columns: STATS_COLUMNS,
    daily: Prisma.sql`complaint_stats_daily`,
    monthly: Prisma.sql`complaint_stats_monthly`,
  });
  return Prisma.sql`${folded} UNION ALL SELECT ${STATS_COLUMNS} FROM complaint_stats_delta s WHERE ${rollupWhere(dims)}`;
}

/** Keyword counts not yet folded, as (keyword, complaints) rows on the daily grain, aliased `s` inside. */
export function keywordDeltaRows(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT s.keyword, s.complaints FROM complaint_keywords_delta s WHERE ${where}`;
}
