import { Prisma } from "../generated/prisma/client";
import { rollupWhere, type RollupDims } from "./rollup-where";
import { keywordDeltaRows } from "./rollup-sources";
import { foldedRollupRows } from "./rollup-range";

/**
 * (keyword, complaints) rows covering exactly the range of `dims`: whole months from the monthly
 * rollup, the ragged ends from the daily one, and the counts not yet folded into either
 * (lib/dashboard/rollup-sources.ts). Summed by keyword, they give the daily rollup's numbers.
 */
export function keywordRowsSql(dims: RollupDims): Prisma.Sql {
  const folded = foldedRollupRows({
    dims,
    columns: Prisma.sql`s.keyword, s.complaints`,
    daily: Prisma.sql`complaint_keywords_daily`,
    monthly: Prisma.sql`complaint_keywords_monthly`,
  });
  return Prisma.sql`${folded} UNION ALL ${keywordDeltaRows(rollupWhere(dims))}`;
}
