import { seesAllGroups } from "../auth/permissions";
import type { StaffActor } from "../auth/staff-actor";
import type { QueueFilter } from "../complaints/queue/queue-filter";
import type { Db } from "../db-client";
import { Prisma } from "../generated/prisma/client";
import { keywordRowsSql } from "./keyword-rows";
import { complaintProductRows } from "./rate-rollup-sources";
import type { RollupDims } from "./rollup-where";
import { statsRows } from "./rollup-sources";

const HAS_COLUMN = {
  responded: Prisma.sql`s.responded`,
  resolved: Prisma.sql`s.resolved`,
  breached: Prisma.sql`s.breached`,
  surveyed: Prisma.sql`s.csat_count`,
  nps: Prisma.sql`s.nps_count`,
} as const;

/**
 * The rollup dimensions of a queue filter, or null when the filter asks something the rollups do
 * not know (status, assignee, SLA state, text search…) or the viewer's scope is not whole groups.
 */
export function rollupDimsOf(filter: QueueFilter, actor: StaffActor): RollupDims | null {
  if (!seesAllGroups(actor.role)) return null;
  if (filter.status.length || filter.priority.length || filter.sla.length || filter.assignee || filter.q) return null;
  if (filter.group.includes("mine") || (filter.has && filter.keyword)) return null;
  const tier = filter.vip ? (filter.tier.length ? filter.tier.filter((t) => t === "vip") : ["vip"]) : filter.tier;
  if (filter.vip && tier.length === 0) return null;
  // A product's complaints are counted per product, category and region only (the rates' rollup).
  if (filter.product) {
    if (tier.length || filter.group.length || filter.has || filter.keyword) return null;
    return {
      from: filter.from,
      to: filter.to,
      region: filter.region,
      category: filter.category,
      product: filter.product,
    };
  }
  return {
    from: filter.from,
    to: filter.to,
    tier,
    region: filter.region,
    category: filter.category,
    groupCodes: filter.group.filter((g) => g !== "mine"),
  };
}

/**
 * How many complaints match, read from the rollups instead of counted: exact at any size, which
 * is what lets a drill-down from a dashboard chart show the chart's number for a whole year.
 */
export async function countFromRollups({
  db,
  filter,
  dims,
}: {
  db: Db;
  filter: QueueFilter;
  dims: RollupDims;
}): Promise<number> {
  const [{ count }] = dims.product
    ? await db.$queryRaw<
        { count: number }[]
      >`SELECT coalesce(sum(s.complaints), 0)::int AS count FROM (${complaintProductRows(dims)}) s`
    : filter.keyword
      ? await db.$queryRaw<
          { count: number }[]
        >`SELECT coalesce(sum(k.complaints), 0)::int AS count FROM (${keywordRowsSql({ ...dims, keyword: filter.keyword })}) k`
      : await db.$queryRaw<
          { count: number }[]
        >`SELECT coalesce(sum(${filter.has ? HAS_COLUMN[filter.has] : Prisma.sql`s.complaints`}), 0)::int AS count FROM (${statsRows(dims)}) s`;
  return count;
}
