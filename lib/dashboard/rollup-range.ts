import { Prisma } from "../generated/prisma/client";
import { addDays, shanghaiToday } from "../shanghai-day";
import { rollupWhere, type RollupDims } from "./rollup-where";

// Before any complaint; an open start only costs a few hundred months of loop here.
const OPEN_START = "2020-01-01";
const LAST_WHOLE_MONTH_END = "9999-11-30";

/** The first day of the month after `day` (years stay four digits: 0999-12-05 → 1000-01-01, not 999-…). */
function nextMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12
    ? `${String(y + 1).padStart(4, "0")}-01-01`
    : `${day.slice(0, 4)}-${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * Rows of a rollup kept per day and per month (stats, keywords) covering exactly the range of
 * `dims`, filtered by them: whole months from the monthly table, the days before the first and
 * after the last whole month from the daily one. Summed, they give the daily table's numbers from
 * far fewer rows; a row's `day` is then its month's first day for whole months.
 */
export function foldedRollupRows({
  dims,
  columns,
  daily,
  monthly,
}: {
  dims: RollupDims;
  /** What to select from either table, aliased `s`. */
  columns: Prisma.Sql;
  daily: Prisma.Sql;
  monthly: Prisma.Sql;
}): Prisma.Sql {
  const days = (where: Prisma.Sql) => Prisma.sql`SELECT ${columns} FROM ${daily} s WHERE ${where}`;
  // No range at all: every month, whole.
  if (!dims.from && !dims.to) return Prisma.sql`SELECT ${columns} FROM ${monthly} s WHERE ${rollupWhere(dims)}`;
  const from = dims.from ?? OPEN_START;
  // Whole months end by 9999-11: the month after 9999-12 has no four-digit day (a URL may ask
  // for 9999-12-31); days past that come from the daily rollup like any partial month.
  const to = [dims.to ?? shanghaiToday(new Date()), LAST_WHOLE_MONTH_END].sort()[0]!;
  if (from > to) return days(rollupWhere(dims));
  const fullStart = from.endsWith("-01") ? from : nextMonth(from);
  let fullEnd = fullStart; // exclusive
  while (fullEnd <= to && addDays(nextMonth(fullEnd), -1) <= to) fullEnd = nextMonth(fullEnd);
  if (fullEnd === fullStart) return days(rollupWhere(dims));
  // Without a start, every month before fullEnd is whole (also any before OPEN_START).
  const months = rollupWhere({ ...dims, from: dims.from ? fullStart : undefined, to: addDays(fullEnd, -1) });
  const outside = dims.from
    ? Prisma.sql`NOT (s.day >= ${fullStart}::date AND s.day < ${fullEnd}::date)`
    : Prisma.sql`s.day >= ${fullEnd}::date`;
  return Prisma.sql`
    SELECT ${columns} FROM ${monthly} s WHERE ${months}
    UNION ALL
    ${days(Prisma.sql`${rollupWhere(dims)} AND ${outside}`)}`;
}
