import { Prisma } from "../generated/prisma/client";
import { addDays, shanghaiToday } from "../shanghai-day";

// Before any complaint; an open start only costs a few hundred months of loop here.
const OPEN_START = "2020-01-01";
const LAST_WHOLE_MONTH_END = "9999-11-30";
import { rollupWhere, type RollupDims } from "./rollup-where";
import { keywordDeltaRows } from "./rollup-sources";

/** The first day of the month after `day` (years stay four digits: 0999-12-05 → 1000-01-01, not 999-…). */
function nextMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12
    ? `${String(y + 1).padStart(4, "0")}-01-01`
    : `${day.slice(0, 4)}-${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * (keyword, complaints) rows covering exactly the range of `dims`: whole months from the monthly
 * rollup, the days before the first and after the last whole month from the daily one. Summed by
 * keyword, they give the same numbers as the daily rollup alone, from far fewer rows.
 */
export function keywordRowsSql(dims: RollupDims): Prisma.Sql {
  // And the counts not yet folded into either rollup (lib/dashboard/rollup-sources.ts).
  return Prisma.sql`${foldedKeywordRows(dims)} UNION ALL ${keywordDeltaRows(rollupWhere(dims))}`;
}

function foldedKeywordRows(dims: RollupDims): Prisma.Sql {
  // No range at all: every month, whole.
  if (!dims.from && !dims.to)
    return Prisma.sql`SELECT s.keyword, s.complaints FROM complaint_keywords_monthly s WHERE ${rollupWhere(dims)}`;
  const from = dims.from ?? OPEN_START;
  // Whole months end by 9999-11: the month after 9999-12 has no four-digit day (a URL may ask
  // for 9999-12-31); days past that come from the daily rollup like any partial month.
  const to = [dims.to ?? shanghaiToday(new Date()), LAST_WHOLE_MONTH_END].sort()[0]!;
  if (from > to)
    return Prisma.sql`SELECT s.keyword, s.complaints FROM complaint_keywords_daily s WHERE ${rollupWhere(dims)}`;
  const fullStart = from.endsWith("-01") ? from : nextMonth(from);
  let fullEnd = fullStart; // exclusive
  while (fullEnd <= to && addDays(nextMonth(fullEnd), -1) <= to) fullEnd = nextMonth(fullEnd);
  if (fullEnd === fullStart)
    return Prisma.sql`SELECT s.keyword, s.complaints FROM complaint_keywords_daily s WHERE ${rollupWhere(dims)}`;
  const months = rollupWhere({ ...dims, from: fullStart, to: addDays(fullEnd, -1) });
  const days = rollupWhere({ ...dims, from, to: dims.to });
  return Prisma.sql`
    SELECT s.keyword, s.complaints FROM complaint_keywords_monthly s WHERE ${months}
    UNION ALL
    SELECT s.keyword, s.complaints FROM complaint_keywords_daily s WHERE ${days} AND NOT (s.day >= ${fullStart}::date AND s.day < ${fullEnd}::date)`;
}
