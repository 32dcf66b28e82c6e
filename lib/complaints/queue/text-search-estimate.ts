import type { Db } from "../../db-client";
import { Prisma } from "../../generated/prisma/client";
import { queryTerms } from "../../nlp/segment";

type Explained = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[];

/**
 * About how many complaints a text search finds among those `where` admits, from PostgreSQL's own
 * statistics on the stored tsvector (the share of complaints holding each of its most common
 * characters and words). The planner takes a query's characters as independent, and expects 54
 * complaints for 缺斤少两 at 3 M where 97 000 match: the characters of one word come together.
 * Here a word's characters count as together (the word is at most as common as its rarest
 * character) and words as independent: about 112 000 for 缺斤少两, 2 900 for 芒果 发霉 (1 789
 * match). A term outside the statistics is taken as rare as the rarest one in them. Null without
 * statistics (a table never analysed) or words.
 */
export async function estimateTextMatches({
  db,
  q,
  where,
}: {
  db: Db;
  q: string;
  where: Prisma.Sql[];
}): Promise<number | null> {
  const words = queryTerms(q);
  const terms = [...new Set(words.flat())];
  if (!terms.length) return null;
  const [stats] = await db.$queryRaw<{ freqs: Record<string, number> | null; floor: number | null }[]>`
    SELECT (SELECT json_object_agg(x.term, x.freq) FROM unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(term, freq)
        WHERE x.term = ANY(${terms}::text[])) AS freqs,
      (SELECT min(f) FROM unnest(s.most_common_elem_freqs[1:cardinality(s.most_common_elems::text::text[])]) AS f) AS floor
    FROM pg_stats s
    WHERE s.schemaname = current_schema() AND s.tablename = 'complaints' AND s.attname = 'search_vector'`;
  if (!stats || stats.floor === null) return null;
  const share = words.reduce(
    (product, word) => product * Math.min(...word.map((term) => stats.freqs?.[term] ?? stats.floor!)),
    1,
  );
  const [plan] =
    await db.$queryRaw<Explained>`EXPLAIN (FORMAT JSON) SELECT 1 FROM complaints c WHERE ${Prisma.join(where, " AND ")}`;
  return Math.round(share * plan!["QUERY PLAN"][0].Plan["Plan Rows"]);
}
