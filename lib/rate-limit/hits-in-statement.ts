import { assertAllowed, judgeHit, type HitCounts, type PendingHit } from "./consume-rate-limit";

/**
 * At most two hits per statement (the H5 form's: the customer's and the address's). The LIMIT is
 * for the planner, not the data: without it PostgreSQL guesses ten rows for the arrays, the
 * generic plan looks dearer than one planned for the actual values, and the statement is planned
 * again on every execution — about 1 ms of CPU per complaint at 1 M complaints, measured.
 */
const MAX_HITS = 2;

/**
 * Rate-limit hits counted inside another statement — intake's context read — so a complaint
 * costs one round trip less (each one is a write and a read of a socket, and system calls are
 * what this kind of machine pays most for). The counting is consumeRateLimit's: the same upsert
 * of the shard's row, the other shards and the previous window read beside it.
 *
 * `first` is the number of the first of five parameters (`hitParameters` gives their values);
 * `countUnless` is a constant SQL condition (the caller's own text, never input) that, when true,
 * leaves the hits uncounted: a repeat of a request already answered.
 *
 * The shard rows' locks last until the whole statement ends (the read beside them, well under a
 * millisecond), not only the upsert: the shop key, which every shop call shares, has 64 shards for
 * it; an H5 bucket (one customer, one address) sees a few requests at a time.
 */
export function hitsCte({ first, countUnless = "false" }: { first: number; countUnless?: string }): string {
  const [bucket, start, shard, cost, previous] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `rl_in AS (
  SELECT * FROM unnest(${bucket}::text[], ${start}::timestamptz[], ${shard}::int[], ${cost}::int[], ${previous}::timestamptz[])
    WITH ORDINALITY AS t(bucket, window_start, shard, cost, previous_start, n)
  LIMIT ${MAX_HITS}
),
rl_hit AS (
  INSERT INTO rate_limit_hits AS h (bucket, window_start, shard, hits)
  SELECT bucket, window_start, shard, cost FROM rl_in WHERE NOT (${countUnless})
  ON CONFLICT (bucket, window_start, shard) DO UPDATE SET hits = h.hits + excluded.hits
  RETURNING bucket, hits
)`;
}

/**
 * The column with each hit's counts (a JSON array, in the hits' order), read beside `hitsCte`.
 * Uncounted hits (a repeat) answer `mine` 0: their caller does not judge them.
 */
export const HITS_COLUMN = `(SELECT coalesce(json_agg(json_build_object(
    'mine', coalesce((SELECT x.hits FROM rl_hit x WHERE x.bucket = i.bucket), 0),
    'others', (SELECT coalesce(sum(r.hits), 0) FROM rate_limit_hits r
      WHERE r.bucket = i.bucket AND r.window_start = i.window_start AND r.shard <> i.shard),
    'previous', (SELECT coalesce(sum(r.hits), 0) FROM rate_limit_hits r
      WHERE r.bucket = i.bucket AND r.window_start = i.previous_start)) ORDER BY i.n), '[]')
  FROM rl_in i)`;

/** The five parameters of `hitsCte`, one array each (one rule per hit: buckets never repeat). */
export function hitParameters(hits: PendingHit[]): unknown[] {
  if (hits.length > MAX_HITS) throw new Error(`at most ${MAX_HITS} rate-limit hits in one statement`);
  return [
    hits.map((h) => h.bucket),
    hits.map((h) => h.windowStart),
    hits.map((h) => h.shard),
    hits.map((h) => h.cost),
    hits.map((h) => h.previousStart),
  ];
}

/** Judges every hit by the counts the statement answered; throws `rate_limited` for the first refused. */
export function assertHitsAllowed({ hits, counts }: { hits: PendingHit[]; counts: HitCounts[] }): void {
  hits.forEach((hit, i) => assertAllowed(judgeHit({ hit, counts: counts[i]! })));
}
