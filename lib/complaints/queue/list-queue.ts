import type { StaffActor } from "../../auth/staff-actor";
import { assertCan } from "../../auth/staff-actor";
import type { Db } from "../../db-client";
import { Prisma } from "../../generated/prisma/client";
import { tsQueryFor } from "../../nlp/segment";
import { shanghaiDayStart } from "../../shanghai-day";
import { isCalendarDay, isUuid } from "../../validation";
import { countFromRollups, rollupDimsOf } from "../../dashboard/rollup-count";
import type { Explained } from "./explained";
import { findWordMatches, type WordMatches } from "./word-search";
import { complaintScopeSql } from "../staff-scope";
import { SLA_SOON_MINUTES, type QueueFilter } from "./queue-filter";
import { PRIORITIES } from "../vocabulary/terms";

const QUEUE_PAGE_SIZE = 25;
const COUNT_CAP = 10_000;
/** Counting costlier than this (PostgreSQL's cost units; ≈ 15 ms here) is left to the planner's estimate. */
const COUNT_COST_LIMIT = 2_000;
/**
 * Up to this many word matches are paged and counted whole; beyond, the walk along the sort's
 * index finds a page within about (rows ÷ this × page size) rows (≈ 37 500 at 3 M): word-search.ts.
 */
const RARE_MATCHES = 2_000;

type Count = { count: number; kind: "exact" | "capped" | "estimate" };

/**
 * How many complaints match a filter without words. Counting a broad filter over a million rows
 * costs more than the page itself, so: a real count (capped) when the planner says counting is
 * cheap; otherwise exact only when this first page already holds every match, else "about N" from
 * the planner's estimate (never fewer than the rows already seen). Exact from the rollups when the
 * filter is theirs (every dashboard drill-down; the caller has that count).
 */
async function countMatches({
  db,
  filter,
  where,
  seen,
}: {
  db: Db;
  filter: QueueFilter;
  where: Prisma.Sql[];
  seen: Promise<{ rows: number; more: boolean }>;
}): Promise<Count> {
  const matching = Prisma.sql`SELECT 1 FROM complaints c WHERE ${Prisma.join(where, " AND ")}`;
  const counting = Prisma.sql`SELECT count(*)::int AS count FROM (${matching} LIMIT ${COUNT_CAP + 1}) matched`;
  const [costed] = await db.$queryRaw<Explained>`EXPLAIN (FORMAT JSON) ${counting}`;
  if (costed!["QUERY PLAN"][0].Plan["Total Cost"] <= COUNT_COST_LIMIT) {
    const [{ count }] = await db.$queryRaw<{ count: number }[]>`${counting}`;
    return count > COUNT_CAP ? { count: COUNT_CAP, kind: "capped" } : { count, kind: "exact" };
  }
  const page = await seen;
  if (!filter.after && !page.more) return { count: page.rows, kind: "exact" };
  const [estimated] = await db.$queryRaw<Explained>`EXPLAIN (FORMAT JSON) ${matching}`;
  return {
    count: Math.max(Math.round(estimated!["QUERY PLAN"][0].Plan["Plan Rows"]), page.rows + 1),
    kind: "estimate",
  };
}

export type QueueRow = {
  id: string;
  category: string;
  excerpt: string;
  status: string;
  priority: string;
  escalationLevel: number;
  groupCode: string;
  assigneeId: string | null;
  assigneeName: string | null;
  customerName: string;
  tier: string;
  region: string;
  orderNo: string;
  createdAt: string;
  slaDueAt: string | null;
  slaPausedAt: string | null;
};

// Every sort is (expression, id) so the keyset is total; an open deadline sorts before none.
// `walkable`: an index keeps that order (migration 20261122130000), so a word search may walk it.
const SORTS = {
  created: { expr: Prisma.sql`c.created_at`, cast: Prisma.sql`timestamptz`, defaultDir: "desc", walkable: true },
  updated: { expr: Prisma.sql`c.updated_at`, cast: Prisma.sql`timestamptz`, defaultDir: "desc", walkable: false },
  sla: {
    expr: Prisma.sql`coalesce(c.sla_due_at, 'infinity'::timestamptz)`,
    cast: Prisma.sql`timestamptz`,
    defaultDir: "asc",
    walkable: true,
  },
  priority: { expr: Prisma.sql`c.priority`, cast: Prisma.sql`"Priority"`, defaultDir: "asc", walkable: true },
} as const;

type Cursor = { key: string; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString("base64url");
}

/** A cursor that does not decode to a value its sort column accepts is ignored (first page), never a database error. */
export function decodeCursor(raw: string | undefined, sort: keyof typeof SORTS): Cursor | null {
  if (!raw) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    if (typeof key !== "string" || typeof id !== "string" || !isUuid(id)) return null;
    const valid =
      sort === "priority" ? (PRIORITIES as readonly string[]).includes(key) : key === "infinity" || isPgTimestamp(key);
    return valid ? { key, id } : null;
  } catch {
    return null;
  }
}

// PostgreSQL's text form of a timestamptz, e.g. "2026-11-22 03:12:00.391+00"; checked as a real
// date too, so month 13 never reaches the cast.
const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2})(?::(\d{2}))?$/;

function isPgTimestamp(value: string): boolean {
  const match = PG_TIMESTAMP.exec(value);
  if (!match) return false;
  const [hh, mm, ss] = match[2]!.split(":").map(Number) as [number, number, number];
  return isCalendarDay(match[1]!) && hh < 24 && mm < 60 && ss < 60 && Math.abs(Number(match[3])) <= 15;
}

const HAS_SQL = {
  responded: Prisma.sql`c.first_responded_at IS NOT NULL`,
  resolved: Prisma.sql`c.resolved_at IS NOT NULL`,
  breached: Prisma.sql`c.sla_breach_count > 0`,
  surveyed: Prisma.sql`c.csat IS NOT NULL`,
  nps: Prisma.sql`c.nps IS NOT NULL`,
} as const;

export function queueConditions(args: { actor: StaffActor; filter: QueueFilter; now: Date }): Prisma.Sql[] {
  const { plain, words } = queueConditionParts(args);
  return words ? [...plain, words] : plain;
}

/** The filter's conditions apart from its word conditions (GIN-indexed: keyword, text search), and those. */
function queueConditionParts({ actor, filter, now }: { actor: StaffActor; filter: QueueFilter; now: Date }): {
  plain: Prisma.Sql[];
  words: Prisma.Sql | null;
} {
  const where: Prisma.Sql[] = [complaintScopeSql(actor)];
  // Compared as enums, not as text: the planner's statistics only apply to the column itself.
  if (filter.status.length) where.push(Prisma.sql`c.status = ANY(${filter.status}::"ComplaintStatus"[])`);
  if (filter.priority.length) where.push(Prisma.sql`c.priority = ANY(${filter.priority}::"Priority"[])`);
  if (filter.category.length) where.push(Prisma.sql`c.category = ANY(${filter.category}::text[])`);
  if (filter.group.length) {
    const codes = filter.group.filter((g) => g !== "mine");
    // By the complaint's own column (no join), so every condition here is on `c` alone.
    const parts = [
      ...(codes.length
        ? [Prisma.sql`c.group_id IN (SELECT id FROM handling_groups WHERE code = ANY(${codes}::text[]))`]
        : []),
      ...(filter.group.includes("mine") ? [Prisma.sql`c.group_id = ANY(${actor.groupIds}::uuid[])`] : []),
    ];
    where.push(Prisma.sql`(${Prisma.join(parts, " OR ")})`);
  }
  if (filter.assignee === "me") where.push(Prisma.sql`c.assignee_id = ${actor.id}::uuid`);
  else if (filter.assignee === "none") where.push(Prisma.sql`c.assignee_id IS NULL`);
  else if (filter.assignee) where.push(Prisma.sql`c.assignee_id = ${filter.assignee}::uuid`);
  if (filter.sla.length) {
    const soon = new Date(now.getTime() + SLA_SOON_MINUTES * 60_000);
    const states = {
      breached: Prisma.sql`c.sla_due_at < ${now}`,
      soon: Prisma.sql`(c.sla_due_at >= ${now} AND c.sla_due_at < ${soon})`,
      ok: Prisma.sql`c.sla_due_at >= ${soon}`,
      paused: Prisma.sql`c.sla_paused_at IS NOT NULL`,
    };
    where.push(
      Prisma.sql`(${Prisma.join(
        filter.sla.map((s) => states[s]),
        " OR ",
      )})`,
    );
  }
  // Tier and region as snapshotted at intake: what the dashboard's rollups count.
  if (filter.vip) where.push(Prisma.sql`c.tier = 'vip'`);
  if (filter.tier.length) where.push(Prisma.sql`c.tier = ANY(${filter.tier}::"CustomerTier"[])`);
  if (filter.region) where.push(Prisma.sql`c.region = ${filter.region}`);
  if (filter.has) where.push(HAS_SQL[filter.has]);
  // The order's items as they are now, as the dashboard's product rates count them.
  if (filter.product)
    where.push(
      Prisma.sql`c.order_id IN (SELECT oi.order_id FROM order_items oi WHERE oi.product_id = (SELECT id FROM products WHERE sku = ${filter.product}))`,
    );
  if (filter.from) where.push(Prisma.sql`c.created_at >= ${shanghaiDayStart(filter.from)}`);
  if (filter.to) where.push(Prisma.sql`c.created_at < ${shanghaiDayStart(filter.to, 1)}`);
  return { plain: where, words: wordConditions(filter) };
}

/** The filter's word conditions (keyword, text search), answered by GIN indexes; null without any. */
function wordConditions(filter: QueueFilter): Prisma.Sql | null {
  const words: Prisma.Sql[] = [];
  if (filter.keyword) words.push(Prisma.sql`c.keywords @> ARRAY[${filter.keyword}]::text[]`);
  if (filter.q) {
    const tsQuery = tsQueryFor(filter.q);
    words.push(tsQuery ? Prisma.sql`c.search_vector @@ to_tsquery('simple', ${tsQuery})` : Prisma.sql`FALSE`);
  }
  return words.length ? Prisma.join(words, " AND ") : null;
}

/** The count a page shows, when the rollups cannot give it: as the words were found (word-search.ts), else countMatches. */
function countFor({
  db,
  filter,
  plain,
  matches,
  seen,
  rareMatches,
}: {
  db: Db;
  filter: QueueFilter;
  plain: Prisma.Sql[];
  matches: WordMatches | null;
  seen: Promise<{ rows: number; more: boolean }>;
  rareMatches: number;
}): Count | Promise<Count> {
  if (!matches) return countMatches({ db, filter, where: plain, seen });
  if (matches.kind === "rare") return { count: matches.count, kind: "exact" };
  if (matches.kind === "common") return { count: rareMatches, kind: "capped" };
  return seen.then((page) => ({ count: Math.max(matches.count, page.rows + 1), kind: "estimate" }));
}

/**
 * The work queue: scoped to what the viewer may see, filtered as the URL says, sorted on the
 * server and paged by keyset (a cursor of the last row's sort value and id), so page 40 costs
 * what page 1 does and rows do not shift between pages while complaints arrive.
 */
export async function listQueue({
  db,
  actor,
  filter,
  now = new Date(),
  pageSize = QUEUE_PAGE_SIZE,
  rareMatches = RARE_MATCHES,
}: {
  db: Db;
  actor: StaffActor;
  filter: QueueFilter;
  now?: Date;
  pageSize?: number;
  /** How many word matches are few enough to page and count whole (tests lower it to take the other way). */
  rareMatches?: number;
}) {
  assertCan(actor, "page.queue");
  const sortKey = filter.sort ?? "created";
  const sort = SORTS[sortKey];
  const dir = filter.dir ?? sort.defaultDir;
  const { plain, words } = queueConditionParts({ actor, filter, now });
  const cursor = decodeCursor(filter.after, sortKey);
  const keyset = (key: Prisma.Sql, id: Prisma.Sql) =>
    cursor
      ? [
          Prisma.sql`(${key}, ${id}) ${dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`} (${cursor.key}::${sort.cast}, ${cursor.id}::uuid)`,
        ]
      : [];
  const order = dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const rollupDims = rollupDimsOf(filter, actor);
  const rolledUp = rollupDims ? await countFromRollups({ db, filter, dims: rollupDims }) : null;
  const matches = words
    ? await findWordMatches({
        db,
        q: filter.q && !filter.keyword ? filter.q : null,
        plain,
        words,
        order: { expr: sort.expr, walkable: sort.walkable, dir: order },
        keyset,
        pageSize,
        rareMatches,
        rolledUp,
      })
    : null;
  // Where the page is read from. Found already: its own ids (the words were checked on them, and
  // never change; the rest of the filter is checked again). Otherwise PostgreSQL's own plan.
  const pageIds = matches?.pageIds ?? null;
  const source = pageIds
    ? Prisma.sql`(SELECT * FROM complaints WHERE id = ANY(${pageIds}::uuid[]))`
    : Prisma.sql`complaints`;
  const page = [...plain, ...(words && !pageIds ? [words] : []), ...keyset(sort.expr, Prisma.sql`c.id`)];
  const ordered = Prisma.sql`ORDER BY ${sort.expr} ${order}, c.id ${order}`;

  // The page is chosen from complaints alone, then joined: every join is on a required foreign
  // key, so it drops no row, and only the page's rows are looked up.
  // Prisma's promises are lazy: wrapped once, so the count below can wait on the same query.
  const rowsQuery = Promise.resolve(db.$queryRaw<
    (Omit<QueueRow, "createdAt" | "slaDueAt" | "slaPausedAt"> & {
      createdAt: Date;
      slaDueAt: Date | null;
      slaPausedAt: Date | null;
      sortKey: string;
    })[]
  >`
      SELECT c.id, c.category, left(c.description, 80) AS excerpt, c.status::text AS status, c.priority::text AS priority,
        c.escalation_level AS "escalationLevel", g.code AS "groupCode", c.assignee_id AS "assigneeId", s.name AS "assigneeName",
        cu.name AS "customerName", c.tier::text AS tier, c.region, o.order_no AS "orderNo",
        c.created_at AS "createdAt", c.sla_due_at AS "slaDueAt", c.sla_paused_at AS "slaPausedAt", (${sort.expr})::text AS "sortKey"
      FROM (SELECT c.* FROM ${source} c WHERE ${Prisma.join(page, " AND ")} ${ordered} LIMIT ${pageSize + 1}) c
        JOIN customers cu ON cu.id = c.customer_id
        JOIN orders o ON o.id = c.order_id
        JOIN handling_groups g ON g.id = c.group_id
        LEFT JOIN staff_users s ON s.id = c.assignee_id
      ${ordered}`);
  const seen = rowsQuery.then((found) => ({ rows: Math.min(found.length, pageSize), more: found.length > pageSize }));
  // A failing rows query is reported through Promise.all below, not as an unhandled rejection here.
  seen.catch(() => undefined);
  const [rows, counted] = await Promise.all([
    rowsQuery,
    rolledUp !== null
      ? { count: rolledUp, kind: "exact" as const }
      : countFor({ db, filter, plain, matches, seen, rareMatches }),
  ]);
  const visible = rows.slice(0, pageSize);
  const last = visible[visible.length - 1];
  return {
    rows: visible.map(({ sortKey: _sortKey, createdAt, slaDueAt, slaPausedAt, ...row }) => ({
      ...row,
      createdAt: createdAt.toISOString(),
      slaDueAt: slaDueAt?.toISOString() ?? null,
      slaPausedAt: slaPausedAt?.toISOString() ?? null,
    })),
    // A page read by ids knows whether more follow even when one of them changed meanwhile.
    nextCursor:
      (pageIds ? pageIds.length : rows.length) > pageSize && last
        ? encodeCursor({ key: last.sortKey, id: last.id })
        : null,
    total: counted.count,
    totalCapped: counted.kind === "capped",
    totalEstimated: counted.kind === "estimate",
    sort: sortKey,
    dir,
  };
}
