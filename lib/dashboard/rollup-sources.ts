import { Prisma } from "../generated/prisma/client";

const STATS_COLUMNS = Prisma.raw(
  "day, category, region, tier, group_id, complaints, responded, first_response_seconds, resolved, handling_seconds, breached, csat_count, csat_sum, csat_good, nps_count, promoters, detractors",
);

/**
 * The daily stats rollup plus the counts not yet folded into it (migration 20261130140000): intake
 * appends deltas instead of locking a shared rollup row, and readers add both up, so every sum is
 * exact at any moment. Use as `FROM ${STATS_ROWS} s`; conditions on `s` reach both tables.
 */
export const STATS_ROWS = Prisma.sql`(SELECT ${STATS_COLUMNS} FROM complaint_stats_daily UNION ALL SELECT ${STATS_COLUMNS} FROM complaint_stats_delta)`;

/** Keyword counts not yet folded, as (keyword, complaints) rows on the daily grain, aliased `s` inside. */
export function keywordDeltaRows(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT s.keyword, s.complaints FROM complaint_keywords_delta s WHERE ${where}`;
}
