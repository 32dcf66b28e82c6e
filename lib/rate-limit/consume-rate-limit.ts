import { createHash, randomInt } from "node:crypto";
import type pg from "pg";
import { sqlPool, type Db } from "../db-client";
import { AppError } from "../errors";
import { readSetting } from "../app-settings";
import { RATE_LIMITS, SHARDS, type RateLimitRule, type RateLimits, type RuleLimit } from "./rate-limit-rules";

export type RateLimitDecision = { allowed: boolean; count: number; limit: number; retryAfterSeconds: number };

/** A hit about to be counted: where it goes (bucket, window, shard) and the limit it is judged by. */
export type PendingHit = {
  bucket: string;
  windowStart: Date;
  previousStart: Date;
  shard: number;
  cost: 1 | -1;
  limit: number;
  windowMs: number;
  now: Date;
};

/** What PostgreSQL answers for a hit: this shard's count after it, the other shards', the previous window's. */
export type HitCounts = { mine: number; others: number; previous: number };

/**
 * Where a hit of a rule for a subject (a customer id, an address, an account) goes. The subject is
 * hashed, so the table holds no addresses or e-mail addresses.
 */
export async function pendingHit({
  db,
  rule,
  subject,
  cost = 1,
  limits,
  now = new Date(),
}: {
  db: Db;
  rule: RateLimitRule;
  subject: string;
  /** -1 gives a hit back (sign-in counts every attempt, then returns the successful ones). */
  cost?: 1 | -1;
  limits?: RuleLimit;
  now?: Date;
}): Promise<PendingHit> {
  const { limit, windowMinutes } = limits ?? (await currentRateLimits(db))[rule];
  const windowMs = windowMinutes * 60_000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return {
    bucket: `${rule}:${createHash("sha256").update(subject).digest("base64url").slice(0, 27)}`,
    windowStart,
    previousStart: new Date(windowStart.getTime() - windowMs),
    shard: SHARDS[rule] > 1 ? randomInt(SHARDS[rule]) : 0,
    cost,
    limit,
    windowMs,
    now,
  };
}

/**
 * Whether a counted hit is within its limit: a sliding window estimated from two fixed windows
 * (the previous one weighted by how much of it still overlaps).
 */
export function judgeHit({ hit, counts }: { hit: PendingHit; counts: HitCounts }): RateLimitDecision {
  const { limit, windowMs } = hit;
  const current = counts.mine + counts.others;
  const elapsed = (hit.now.getTime() - hit.windowStart.getTime()) / windowMs;
  const count = current + counts.previous * (1 - elapsed);
  if (count <= limit) return { allowed: true, count: Math.ceil(count), limit, retryAfterSeconds: 0 };
  return {
    allowed: false,
    count: Math.ceil(count),
    limit,
    retryAfterSeconds: retryAfterSeconds({ current, previous: counts.previous, limit, elapsed, windowMs }),
  };
}

/**
 * Counts one hit against a rule for a subject and says whether it is within the limit, kept in
 * PostgreSQL so every app process counts together; one statement, outside any transaction, so a
 * row lock lasts only for it. Refused hits count too: hammering keeps a client refused. (Intake
 * counts its hits inside its context read instead: lib/rate-limit/hits-in-statement.ts.)
 */
export async function consumeRateLimit(input: Parameters<typeof pendingHit>[0]): Promise<RateLimitDecision> {
  const hit = await pendingHit(input);
  // Straight through the pool: every API request runs this, and Prisma's raw query path would
  // cost more CPU than PostgreSQL spends on the statement.
  const { rows } = await sqlPool(input.db).query<HitCounts>({
    // Prepared once per pooled connection (no parse and plan per request).
    name: "kesu_rate_limit_hit",
    text: `WITH hit AS (
      INSERT INTO rate_limit_hits AS h (bucket, window_start, shard, hits) VALUES ($1, $2, $3, $4)
      ON CONFLICT (bucket, window_start, shard) DO UPDATE SET hits = h.hits + $4
      RETURNING hits
    )
    SELECT (SELECT hits FROM hit)::int AS mine,
      COALESCE((SELECT sum(hits) FROM rate_limit_hits WHERE bucket = $1 AND window_start = $2 AND shard <> $3), 0)::int AS others,
      COALESCE((SELECT sum(hits) FROM rate_limit_hits WHERE bucket = $1 AND window_start = $5), 0)::int AS previous`,
    values: [hit.bucket, hit.windowStart, hit.shard, hit.cost, hit.previousStart],
    // A hit stuck behind a lock or a half-open connection answers `busy`, not never.
    query_timeout: 15_000,
  } as pg.QueryConfig);
  return judgeHit({ hit, counts: rows[0]! });
}

// The limits are read on every hit; kept for a few seconds so a wave costs one statement per hit.
// A change reaches this process at once and every other within CACHE_MS.
const CACHE_MS = 5_000;
let cached: { at: number; value: RateLimits } | null = null;

async function currentRateLimits(db: Db): Promise<RateLimits> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const { value } = await readSetting({ db, setting: RATE_LIMITS });
  cached = { at: Date.now(), value };
  return value;
}

export function forgetCachedRateLimits(): void {
  cached = null;
}

/** When the estimate falls back under the limit if nothing more comes in. */
function retryAfterSeconds({
  current,
  previous,
  limit,
  elapsed,
  windowMs,
}: {
  current: number;
  previous: number;
  limit: number;
  elapsed: number;
  windowMs: number;
}): number {
  // Within this window: once the previous window's weight has decayed enough.
  const within =
    current < limit && previous > 0
      ? Math.max(0, 1 - (limit - current) / previous) - elapsed
      : Number.POSITIVE_INFINITY;
  // Otherwise: after this window ends, once its own weight in the next has decayed enough.
  const after = 1 - elapsed + Math.max(0, 1 - limit / current);
  return Math.max(1, Math.ceil((Math.min(within, after) * windowMs) / 1000));
}

/** Consumes a hit and throws `rate_limited` (429, with Retry-After) when over the limit. */
export async function enforceRateLimit(input: Parameters<typeof consumeRateLimit>[0]): Promise<void> {
  assertAllowed(await consumeRateLimit(input));
}

/** Throws `rate_limited` (429, with Retry-After) for a refused hit. */
export function assertAllowed(decision: RateLimitDecision): void {
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError("rate_limited", {
    params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    retryAfterSeconds,
  });
}

/** Drops windows nobody reads any more (older than two of the longest window). */
export async function pruneRateLimitHits({ db, now = new Date() }: { db: Db; now?: Date }) {
  const { value } = await readSetting({ db, setting: RATE_LIMITS });
  const longest = Math.max(...Object.values(value).map((rule) => rule.windowMinutes));
  const { count } = await db.rateLimitHit.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - 2 * longest * 60_000) } },
  });
  return { deleted: count };
}
