import type { Db } from "../../db-client";
import { Prisma } from "../../generated/prisma/client";
import { estimateCommonTextMatches } from "./text-search-estimate";

/**
 * How the queue finds a page when its filter has words (keyword, text search), which only GIN
 * indexes answer. PostgreSQL's planner cannot guess how many complaints hold a set of terms:
 * it takes them as independent and expected 54 complaints for 缺斤少两 at 3 M where 97 000 match,
 * then read every match through the GIN index and sorted them all (477 ms); with rare words it
 * walked the date index checking nearly every complaint (40 s). So:
 * - a text search our own estimate calls common (text-search-estimate.ts) walks first: the first
 *   WALK_ROWS complaints the rest of the filter admits, in the page's order, the words checked on
 *   each, until a page is found (缺斤少两 at 3.2 M: 7 ms); its count is that estimate;
 * - otherwise, or when that walk fills no page, the whole filter is asked unsorted for at most
 *   rareMatches + 1 complaints (GIN and the other indexes), in one statement that also picks the
 *   page among them. At most rareMatches (`rare`): that page, and the exact count. More
 *   (`common`, "more than rareMatches"): the same walk, and when even that fills no page (the
 *   matches lie further along the sort), PostgreSQL's own plan (`pageIds` null).
 * The rollups may already say a keyword is common: then the walk goes first, with their count.
 */
export type WordMatches =
  | { kind: "rare"; count: number; pageIds: string[] }
  | { kind: "estimated"; count: number; pageIds: string[] }
  | { kind: "common"; pageIds: string[] | null };

/**
 * A text search estimated to find this many times rareMatches is walked for first. 4 (8 000 at
 * 3 M): the walk's WALK_ROWS then miss a page only when the estimate is about four times too
 * high (words rarely said together). Measured at 3 M with pairs of characters (p50 of 30):
 * 榴莲 发霉, estimated 9 900 where 10 092 match, 44.6 ms with 20 (the probe read 2 001 matches,
 * then the walk) and 17.4 ms with 4.
 */
const COMMON_FACTOR = 4;
/** How many complaints, in the page's order, a walk checks at most: ≈ 30 ms at 3 M when none match. */
const WALK_ROWS = 40_000;

/** The page's order: the sort's expression over `c` (with an index to walk, or not), and its direction. */
type PageOrder = { expr: Prisma.Sql; walkable: boolean; dir: Prisma.Sql };

/** What every question for a page needs: its order, the cursor's condition for a key and id (none on the first page), its size. */
type PageQuestion = {
  db: Db;
  order: PageOrder;
  keyset: (key: Prisma.Sql, id: Prisma.Sql) => Prisma.Sql[];
  pageSize: number;
};

export async function findWordMatches(
  question: PageQuestion & {
    /** The text search, when the filter has one and no keyword (the estimate reads text only). */
    q: string | null;
    /** The filter's other conditions (scope included), on `c`. */
    plain: Prisma.Sql[];
    words: Prisma.Sql;
    rareMatches: number;
    rolledUp: number | null;
  },
): Promise<WordMatches> {
  const { db, q, plain, words, order, rareMatches, rolledUp } = question;
  const walk = () => (order.walkable ? walkForPage(question) : null);
  if (rolledUp !== null && rolledUp > rareMatches) return { kind: "common", pageIds: await walk() };
  const estimated =
    q && order.walkable
      ? await estimateCommonTextMatches({ db, q, where: plain, atLeast: COMMON_FACTOR * rareMatches })
      : null;
  // undefined: not walked yet; null: walked (or not walkable), and no page among the first rows.
  const walked = estimated === null ? undefined : await walk();
  if (estimated !== null && walked) return { kind: "estimated", count: estimated, pageIds: walked };
  const probe = await probeWords({ ...question, where: [...plain, words] });
  if (probe.count <= rareMatches) return { kind: "rare", ...probe };
  return { kind: "common", pageIds: walked === undefined ? await walk() : null };
}

/** The page among the first WALK_ROWS complaints `plain` admits in the page's order; null when fewer match there. */
async function walkForPage({
  db,
  plain,
  words,
  order,
  keyset,
  pageSize,
}: PageQuestion & { plain: Prisma.Sql[]; words: Prisma.Sql }): Promise<string[] | null> {
  // The key is a column of the walk (`k`), so its order carries to the outer ORDER BY: the walk
  // stops at the page's last row, nothing is sorted again. The words are checked on the walked
  // rows themselves, where no GIN index can be used (joined back instead, the planner took them to
  // the GIN index and a hash join: 800 ms for 缺斤少两 at 3.2 M).
  const found = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM (
      SELECT c.*, ${order.expr} AS k FROM complaints c
      WHERE ${Prisma.join([...plain, ...keyset(order.expr, Prisma.sql`c.id`)], " AND ")}
      ORDER BY ${order.expr} ${order.dir}, c.id ${order.dir} LIMIT ${WALK_ROWS}
    ) c
    WHERE ${words}
    ORDER BY c.k ${order.dir}, c.id ${order.dir} LIMIT ${pageSize + 1}`;
  return found.length > pageSize ? found.map((row) => row.id) : null;
}

/** At most rareMatches + 1 complaints the whole filter admits, unsorted; how many, and the page among them. */
async function probeWords({
  db,
  where,
  order,
  keyset,
  pageSize,
  rareMatches,
}: PageQuestion & { where: Prisma.Sql[]; rareMatches: number }): Promise<{ count: number; pageIds: string[] }> {
  const after = keyset(Prisma.sql`m.k`, Prisma.sql`m.id`);
  const [probe] = await db.$queryRaw<{ count: number; pageIds: string[] }[]>`
    WITH m AS MATERIALIZED (
      SELECT c.id, ${order.expr} AS k FROM complaints c WHERE ${Prisma.join(where, " AND ")} LIMIT ${rareMatches + 1}
    )
    SELECT (SELECT count(*)::int FROM m) AS count,
      coalesce((SELECT json_agg(p.id ORDER BY p.k ${order.dir}, p.id ${order.dir}) FROM (
        SELECT m.id, m.k FROM m ${after.length ? Prisma.sql`WHERE ${Prisma.join(after, " AND ")}` : Prisma.empty}
        ORDER BY m.k ${order.dir}, m.id ${order.dir} LIMIT ${pageSize + 1}
      ) p), '[]') AS "pageIds"`;
  return probe!;
}
