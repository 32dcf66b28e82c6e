import { assertAllowed, judgeHit, type HitCounts, type PendingHit } from "./consume-rate-limit";

/**
 * Rate-limit hits counted inside another statement — intake's grouped context read — so a
 * complaint costs no round trip of its own for them. The counting is consumeRateLimit's (the
 * upsert of a shard's row, the other shards and the previous window read beside it), for the hits
 * of several requests at once, each counted as if the requests had come one after another in
 * their order: a hit's own shard count is the row's count after the statement's upsert (which
 * waits for and sees concurrent commits) less the hits of later requests on that shard; the other
 * shards and the previous window are the statement's snapshot plus the earlier requests' hits.
 *
 * The shard rows' locks last until the whole statement ends, so the upsert takes them in one
 * order (two statements never wait on each other in a cycle), and every hit of a bucket in one
 * statement goes to one shard (`hitRows`): a statement locks one row per bucket, and the shop
 * key's 64 shards keep concurrent statements apart.
 */

/** A hit as the statement reads it: request `n`'s `k`-th hit. */
type HitRow = {
  n: number;
  k: number;
  bucket: string;
  window_start: Date;
  shard: number;
  cost: number;
  previous_start: Date;
};

/** The statement's hits parameter (JSON) for the requests' hits, in request order; one shard per bucket. */
export function hitRows({ requests }: { requests: PendingHit[][] }): HitRow[] {
  const shardOf = new Map<string, number>();
  return requests.flatMap((hits, n) =>
    hits.map((hit, k) => {
      if (!shardOf.has(hit.bucket)) shardOf.set(hit.bucket, hit.shard);
      return {
        n,
        k,
        bucket: hit.bucket,
        window_start: hit.windowStart,
        shard: shardOf.get(hit.bucket)!,
        cost: hit.cost,
        previous_start: hit.previousStart,
      };
    }),
  );
}

/**
 * The CTEs `hit_in`, `counted`, `rl_hit`, `seen` and `hit_counts` (n, k, mine, others, previous).
 * `hits` is the parameter holding `hitRows`; `counts` a constant SQL condition on `h.n` (the
 * caller's own text, never input): false leaves that request's hits uncounted (`mine` 0) — a
 * repeat of a request already answered.
 */
export function hitsCtes({ hits, counts }: { hits: string; counts: string }): string {
  const earlier = "(l.n, l.k) < (h.n, h.k)";
  return `hit_in AS (
  SELECT * FROM jsonb_to_recordset(${hits}::jsonb)
    AS h(n int, k int, bucket text, window_start timestamptz, shard int, cost int, previous_start timestamptz)
),
counted AS (SELECT h.* FROM hit_in h WHERE ${counts}),
rl_hit AS (
  INSERT INTO rate_limit_hits AS t (bucket, window_start, shard, hits)
  SELECT bucket, window_start, shard, sum(cost)::int FROM counted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (bucket, window_start, shard) DO UPDATE SET hits = t.hits + excluded.hits
  RETURNING bucket, window_start, shard, hits
),
seen AS (
  -- Row by row through the primary key (LATERAL): the windows' estimate (hundreds) must never
  -- make a plan scan the whole table.
  SELECT r.bucket, r.window_start, r.shard, r.hits
  FROM (SELECT bucket, window_start FROM hit_in UNION SELECT bucket, previous_start FROM hit_in) w,
    LATERAL (SELECT * FROM rate_limit_hits r WHERE r.bucket = w.bucket AND r.window_start = w.window_start) r
),
-- Computed once: referenced once, it would otherwise be inlined into each request's subquery.
hit_counts AS MATERIALIZED (
  SELECT h.n, h.k,
    CASE WHEN c.n IS NULL THEN 0 ELSE x.hits - (SELECT coalesce(sum(l.cost), 0) FROM counted l
      WHERE l.bucket = h.bucket AND l.window_start = h.window_start AND l.shard = h.shard AND (l.n, l.k) > (h.n, h.k)) END AS mine,
    -- The earlier requests' hits on other shards are none while hitRows puts a bucket on one
    -- shard; counted anyway, so the count does not rest on that.
    (SELECT coalesce(sum(s.hits), 0) FROM seen s WHERE s.bucket = h.bucket AND s.window_start = h.window_start AND s.shard <> h.shard)
      + (SELECT coalesce(sum(l.cost), 0) FROM counted l
        WHERE l.bucket = h.bucket AND l.window_start = h.window_start AND l.shard <> h.shard AND ${earlier}) AS others,
    (SELECT coalesce(sum(s.hits), 0) FROM seen s WHERE s.bucket = h.bucket AND s.window_start = h.previous_start)
      + (SELECT coalesce(sum(l.cost), 0) FROM counted l
        WHERE l.bucket = h.bucket AND l.window_start = h.previous_start AND ${earlier}) AS previous
  FROM hit_in h
  LEFT JOIN counted c ON c.n = h.n AND c.k = h.k
  LEFT JOIN rl_hit x ON x.bucket = h.bucket AND x.window_start = h.window_start AND x.shard = h.shard
)`;
}

/** Judges every hit by the counts the statement answered; throws `rate_limited` for the first refused. */
export function assertHitsAllowed({ hits, counts }: { hits: PendingHit[]; counts: HitCounts[] }): void {
  hits.forEach((hit, i) => assertAllowed(judgeHit({ hit, counts: counts[i]! })));
}
