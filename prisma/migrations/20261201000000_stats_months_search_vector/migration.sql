-- Big tables stay fast (issue 14, measured at 3 M complaints).
--
-- Holds the folder's lock until this commits: an app instance still running the old
-- kesu_fold_rollups() (a rolling deploy) must not fold into the daily table after the monthly one
-- was filled from it below. Its folder's try-lock simply skips a turn.
SELECT pg_advisory_xact_lock(hashtext('kesu_fold_rollups'));
--
-- 1. Stats per month beside the daily ones, as for keywords (migration 20261123010000): a year's
--    dashboard summed ~69 000 daily rows per query at 3 M complaints (≈ 70 ms each, five at once);
--    whole months now come from this table and only a range's ragged ends from the daily one
--    (lib/dashboard/rollup-range.ts). "day" is the month's first day.
CREATE TABLE "complaint_stats_monthly" (
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "group_id" UUID NOT NULL,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "responded" INTEGER NOT NULL DEFAULT 0,
    "first_response_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "handling_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "breached" INTEGER NOT NULL DEFAULT 0,
    "csat_count" INTEGER NOT NULL DEFAULT 0,
    "csat_sum" INTEGER NOT NULL DEFAULT 0,
    "csat_good" INTEGER NOT NULL DEFAULT 0,
    "nps_count" INTEGER NOT NULL DEFAULT 0,
    "promoters" INTEGER NOT NULL DEFAULT 0,
    "detractors" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "complaint_stats_monthly_pkey" PRIMARY KEY ("day", "category", "region", "tier", "group_id")
);

-- The folder also adds each delta to its month (one statement per table, as before).
CREATE OR REPLACE FUNCTION "kesu_fold_rollups"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE stats integer; words integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('kesu_fold_rollups')) THEN RETURN 0; END IF;
  WITH moved AS (DELETE FROM "complaint_stats_delta" RETURNING *),
  daily AS (
    INSERT INTO "complaint_stats_daily" AS s
      SELECT "day", "category", "region", "tier", "group_id", sum("complaints"), sum("responded"), sum("first_response_seconds"),
        sum("resolved"), sum("handling_seconds"), sum("breached"), sum("csat_count"), sum("csat_sum"), sum("csat_good"),
        sum("nps_count"), sum("promoters"), sum("detractors")
      FROM moved GROUP BY 1, 2, 3, 4, 5
      -- Sorted, so the folder takes row locks in one order (it is alone, but a rebuild is not).
      ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("day", "category", "region", "tier", "group_id") DO UPDATE SET
      "complaints" = s."complaints" + excluded."complaints",
      "responded" = s."responded" + excluded."responded",
      "first_response_seconds" = s."first_response_seconds" + excluded."first_response_seconds",
      "resolved" = s."resolved" + excluded."resolved",
      "handling_seconds" = s."handling_seconds" + excluded."handling_seconds",
      "breached" = s."breached" + excluded."breached",
      "csat_count" = s."csat_count" + excluded."csat_count",
      "csat_sum" = s."csat_sum" + excluded."csat_sum",
      "csat_good" = s."csat_good" + excluded."csat_good",
      "nps_count" = s."nps_count" + excluded."nps_count",
      "promoters" = s."promoters" + excluded."promoters",
      "detractors" = s."detractors" + excluded."detractors"
    RETURNING 1
  ),
  monthly AS (
    INSERT INTO "complaint_stats_monthly" AS s
      SELECT date_trunc('month', "day")::date, "category", "region", "tier", "group_id", sum("complaints"), sum("responded"),
        sum("first_response_seconds"), sum("resolved"), sum("handling_seconds"), sum("breached"), sum("csat_count"),
        sum("csat_sum"), sum("csat_good"), sum("nps_count"), sum("promoters"), sum("detractors")
      FROM moved GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("day", "category", "region", "tier", "group_id") DO UPDATE SET
      "complaints" = s."complaints" + excluded."complaints",
      "responded" = s."responded" + excluded."responded",
      "first_response_seconds" = s."first_response_seconds" + excluded."first_response_seconds",
      "resolved" = s."resolved" + excluded."resolved",
      "handling_seconds" = s."handling_seconds" + excluded."handling_seconds",
      "breached" = s."breached" + excluded."breached",
      "csat_count" = s."csat_count" + excluded."csat_count",
      "csat_sum" = s."csat_sum" + excluded."csat_sum",
      "csat_good" = s."csat_good" + excluded."csat_good",
      "nps_count" = s."nps_count" + excluded."nps_count",
      "promoters" = s."promoters" + excluded."promoters",
      "detractors" = s."detractors" + excluded."detractors"
    RETURNING 1
  )
  SELECT count(*) INTO stats FROM moved;
  WITH moved AS (DELETE FROM "complaint_keywords_delta" RETURNING *),
  daily AS (
    INSERT INTO "complaint_keywords_daily" AS k
      SELECT "day", "category", "region", "tier", "group_id", "keyword", sum("complaints") FROM moved GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("day", "category", "region", "tier", "group_id", "keyword") DO UPDATE SET "complaints" = k."complaints" + excluded."complaints"
    RETURNING 1
  ),
  monthly AS (
    INSERT INTO "complaint_keywords_monthly" AS k
      SELECT date_trunc('month', "day")::date, "category", "region", "tier", "group_id", "keyword", sum("complaints") FROM moved GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("day", "category", "region", "tier", "group_id", "keyword") DO UPDATE SET "complaints" = k."complaints" + excluded."complaints"
    RETURNING 1
  )
  SELECT count(*) INTO words FROM moved;
  RETURN stats + words;
END $$;

CREATE OR REPLACE FUNCTION "kesu_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "complaints" IN SHARE MODE;
  DELETE FROM "complaint_stats_delta";
  DELETE FROM "complaint_keywords_delta";
  DELETE FROM "complaint_stats_daily";
  DELETE FROM "complaint_stats_monthly";
  DELETE FROM "complaint_keywords_daily";
  DELETE FROM "complaint_keywords_monthly";
  INSERT INTO "complaint_stats_daily"
    SELECT (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id",
      count(*), count(c."first_responded_at"), coalesce(sum(extract(epoch FROM c."first_responded_at" - c."created_at")), 0),
      count(c."resolved_at"), coalesce(sum(extract(epoch FROM c."resolved_at" - c."created_at")), 0),
      count(*) FILTER (WHERE c."sla_breach_count" > 0),
      count(c."csat"), coalesce(sum(c."csat"), 0), count(*) FILTER (WHERE c."csat" >= 4),
      count(c."nps"), count(*) FILTER (WHERE c."nps" >= 9), count(*) FILTER (WHERE c."nps" <= 6)
    FROM "complaints" c GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO "complaint_stats_monthly"
    SELECT date_trunc('month', s."day")::date, s."category", s."region", s."tier", s."group_id", sum(s."complaints"),
      sum(s."responded"), sum(s."first_response_seconds"), sum(s."resolved"), sum(s."handling_seconds"), sum(s."breached"),
      sum(s."csat_count"), sum(s."csat_sum"), sum(s."csat_good"), sum(s."nps_count"), sum(s."promoters"), sum(s."detractors")
    FROM "complaint_stats_daily" s GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO "complaint_keywords_daily"
    SELECT (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id", k.w, count(*)
    FROM "complaints" c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c."keywords") AS w) k GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO "complaint_keywords_monthly"
    SELECT date_trunc('month', k."day")::date, k."category", k."region", k."tier", k."group_id", k."keyword", sum(k."complaints")
    FROM "complaint_keywords_daily" k GROUP BY 1, 2, 3, 4, 5, 6;
END $$;

INSERT INTO "complaint_stats_monthly"
  SELECT date_trunc('month', s."day")::date, s."category", s."region", s."tier", s."group_id", sum(s."complaints"),
    sum(s."responded"), sum(s."first_response_seconds"), sum(s."resolved"), sum(s."handling_seconds"), sum(s."breached"),
    sum(s."csat_count"), sum(s."csat_sum"), sum(s."csat_good"), sum(s."nps_count"), sum(s."promoters"), sum(s."detractors")
  FROM "complaint_stats_daily" s GROUP BY 1, 2, 3, 4, 5;

-- 2. The search words as a stored tsvector. The queue's text search filtered with
--    to_tsvector('simple', search_terms) recomputed for every row it walked (≈ 24 µs each): 40 s at
--    3 M when few rows matched. Stored, the filter is a cheap match, and the column has its own
--    statistics. lib/complaints/queue/list-queue.ts takes rare matches from this index first.
--    Adding it rewrites the table under an exclusive lock (≈ 4 min at 3 M complaints on 2 cores,
--    intake waits meanwhile): on a big installation, run this migration in a quiet hour.
ALTER TABLE "complaints" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "search_terms")) STORED;
DROP INDEX "complaints_search_terms_idx";
CREATE INDEX "complaints_search_vector_idx" ON "complaints" USING GIN ("search_vector");

-- 3. Status and type together, newest first: an agent's everyday view ("waiting for the customer,
--    cancellations"). Without it PostgreSQL intersected the status index with the whole type's
--    (≈ 100 000 entries at 3 M) for a handful of rows: ≈ 50 ms; with it ≈ 10 ms.
CREATE INDEX "complaints_status_category_created_at_idx" ON "complaints" ("status", "category", "created_at");

-- 4. A keyword drill-down counts one word over a range from the keyword rollups: by keyword first,
--    not every (category, region, tier, group) row of each day (≈ 190 ms at 3 M; now < 1 ms).
CREATE INDEX "complaint_keywords_daily_keyword_day_idx" ON "complaint_keywords_daily" ("keyword", "day");
CREATE INDEX "complaint_keywords_monthly_keyword_day_idx" ON "complaint_keywords_monthly" ("keyword", "day");
