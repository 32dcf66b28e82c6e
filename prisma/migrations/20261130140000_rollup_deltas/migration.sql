-- Rollups without a hot row (issue 14). Until now every intake upserted its rollup rows inside its
-- own transaction, holding their row locks until commit: a wave of complaints on one day, category,
-- region, tier and group queued behind one row. Now the trigger only appends the counts to delta
-- tables (no conflict, no shared row), and kesu_fold_rollups() moves them into the rollups — one
-- folder at a time, every few seconds (lib/dashboard/fold-rollups.ts). Readers add up the rollups
-- and the deltas not yet folded (lib/dashboard/rollup-sources.ts), so every count stays exact.
CREATE TABLE "complaint_stats_delta" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "group_id" UUID NOT NULL,
    "complaints" INTEGER NOT NULL,
    "responded" INTEGER NOT NULL,
    "first_response_seconds" DOUBLE PRECISION NOT NULL,
    "resolved" INTEGER NOT NULL,
    "handling_seconds" DOUBLE PRECISION NOT NULL,
    "breached" INTEGER NOT NULL,
    "csat_count" INTEGER NOT NULL,
    "csat_sum" INTEGER NOT NULL,
    "csat_good" INTEGER NOT NULL,
    "nps_count" INTEGER NOT NULL,
    "promoters" INTEGER NOT NULL,
    "detractors" INTEGER NOT NULL,
    CONSTRAINT "complaint_stats_delta_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "complaint_keywords_delta" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "group_id" UUID NOT NULL,
    "keyword" TEXT NOT NULL,
    "complaints" INTEGER NOT NULL,
    CONSTRAINT "complaint_keywords_delta_pkey" PRIMARY KEY ("id")
);

CREATE OR REPLACE FUNCTION "complaint_rollup_apply"(c "complaints", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "complaint_stats_delta" ("day", "category", "region", "tier", "group_id", "complaints", "responded",
    "first_response_seconds", "resolved", "handling_seconds", "breached", "csat_count", "csat_sum", "csat_good",
    "nps_count", "promoters", "detractors")
  VALUES (
    (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id",
    sign,
    sign * (c."first_responded_at" IS NOT NULL)::int,
    sign * coalesce(extract(epoch FROM c."first_responded_at" - c."created_at"), 0),
    sign * (c."resolved_at" IS NOT NULL)::int,
    sign * coalesce(extract(epoch FROM c."resolved_at" - c."created_at"), 0),
    sign * (c."sla_breach_count" > 0)::int,
    sign * (c."csat" IS NOT NULL)::int,
    sign * coalesce(c."csat", 0),
    sign * coalesce(c."csat" >= 4, false)::int,
    sign * (c."nps" IS NOT NULL)::int,
    sign * coalesce(c."nps" >= 9, false)::int,
    sign * coalesce(c."nps" <= 6, false)::int
  );
END $$;

CREATE OR REPLACE FUNCTION "complaint_keywords_apply"(c "complaints", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "complaint_keywords_delta" ("day", "category", "region", "tier", "group_id", "keyword", "complaints")
    SELECT (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id", w, sign
    FROM (SELECT DISTINCT unnest(c."keywords") AS w) words;
END $$;

-- Moves every committed delta into the rollups, in one statement per table (so a reader sees each
-- delta either in the rollups or still in its delta table, never in both or neither). Deltas of
-- transactions still open are not visible here and wait for the next fold. One folder at a time:
-- a second caller returns at once. Answers how many delta rows it folded.
CREATE FUNCTION "kesu_fold_rollups"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE stats integer; words integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('kesu_fold_rollups')) THEN RETURN 0; END IF;
  WITH moved AS (DELETE FROM "complaint_stats_delta" RETURNING *),
  folded AS (
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

-- A rebuild starts from the complaints themselves: pending deltas are already counted in them.
CREATE OR REPLACE FUNCTION "kesu_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "complaints" IN SHARE MODE;
  DELETE FROM "complaint_stats_delta";
  DELETE FROM "complaint_keywords_delta";
  DELETE FROM "complaint_stats_daily";
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
  INSERT INTO "complaint_keywords_daily"
    SELECT (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id", k.w, count(*)
    FROM "complaints" c CROSS JOIN LATERAL (SELECT DISTINCT unnest(c."keywords") AS w) k GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO "complaint_keywords_monthly"
    SELECT date_trunc('month', k."day")::date, k."category", k."region", k."tier", k."group_id", k."keyword", sum(k."complaints")
    FROM "complaint_keywords_daily" k GROUP BY 1, 2, 3, 4, 5, 6;
END $$;
