import type { Db } from "../../db-client";
import { Prisma } from "../../generated/prisma/client";
import { queryTerms } from "../../nlp/segment";
import type { Explained } from "./explained";

/**
 * About how many complaints a text search finds among those `where` admits — when that is at
 * least `atLeast`; otherwise null, as it is without statistics (a table never analysed) or when a
 * term is not among the most common ones (then it is rarer than all of them: not a common search).
 *
 * From PostgreSQL's own statistics on the stored tsvector (the share of complaints holding each of
 * its most common terms). The planner takes a query's terms as independent and expected 54
 * complaints for 缺斤少两 at 3 M (then asked as its characters) where 97 000 match: the parts of one
 * word come together. Here a word is as common as its rarest term (a Han word's pairs of
 * characters, lib/nlp/segment.ts), and words are independent.
 */
export async function estimateCommonTextMatches({
  db,
  q,
  where,
  atLeast,
}: {
  db: Db;
  q: string;
  where: Prisma.Sql[];
  atLeast: number;
}): Promise<number | null> {
  const words = queryTerms(q);
  const terms = [...new Set(words.flat())];
  if (!terms.length) return null;
  const [stats] = await db.$queryRaw<{ freqs: Record<string, number> | null; rows: number }[]>`
    SELECT (SELECT json_object_agg(x.term, x.freq) FROM unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS x(term, freq)
        WHERE x.term = ANY(${terms}::text[])) AS freqs,
      (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'complaints'::regclass) AS rows
    FROM pg_stats s
    WHERE s.schemaname = current_schema() AND s.tablename = 'complaints' AND s.attname = 'search_vector'`;
  const freqs = stats?.freqs ?? {};
  if (!terms.every((term) => term in freqs)) return null;
  const share = words.reduce((product, word) => product * Math.min(...word.map((term) => freqs[term]!)), 1);
  // The rest of the filter only narrows: not worth asking the planner when all complaints would not do.
  if (share * (stats?.rows ?? 0) < atLeast) return null;
  const [plan] =
    await db.$queryRaw<Explained>`EXPLAIN (FORMAT JSON) SELECT 1 FROM complaints c WHERE ${Prisma.join(where, " AND ")}`;
  const estimate = Math.round(share * plan!["QUERY PLAN"][0].Plan["Plan Rows"]);
  return estimate >= atLeast ? estimate : null;
}
