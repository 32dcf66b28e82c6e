-- Keyword counts per month beside the daily ones: a year's word cloud at 1 M complaints summed
-- over ~1.2 M daily rows took ~130 ms; whole months now come from this table and only the ragged
-- ends of a range from the daily one (lib/dashboard/keyword-rows.ts). "day" is the month's first day.
CREATE TABLE "complaint_keywords_monthly" (
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "group_id" UUID NOT NULL,
    "keyword" TEXT NOT NULL,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "complaint_keywords_monthly_pkey" PRIMARY KEY ("day", "category", "region", "tier", "group_id", "keyword")
);

CREATE OR REPLACE FUNCTION "complaint_keywords_apply"(c "complaints", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d DATE := (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  -- Sorted, so two transactions touching the same words lock them in the same order.
  INSERT INTO "complaint_keywords_daily" AS k
    SELECT d, c."category", c."region", c."tier", c."group_id", w, sign
    FROM (SELECT DISTINCT unnest(c."keywords") AS w) words ORDER BY w
  ON CONFLICT ("day", "category", "region", "tier", "group_id", "keyword") DO UPDATE SET "complaints" = k."complaints" + excluded."complaints";
  INSERT INTO "complaint_keywords_monthly" AS k
    SELECT date_trunc('month', d)::date, c."category", c."region", c."tier", c."group_id", w, sign
    FROM (SELECT DISTINCT unnest(c."keywords") AS w) words ORDER BY w
  ON CONFLICT ("day", "category", "region", "tier", "group_id", "keyword") DO UPDATE SET "complaints" = k."complaints" + excluded."complaints";
END $$;

CREATE OR REPLACE FUNCTION "kesu_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "complaints" IN SHARE MODE;
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

INSERT INTO "complaint_keywords_monthly"
  SELECT date_trunc('month', k."day")::date, k."category", k."region", k."tier", k."group_id", k."keyword", sum(k."complaints")
  FROM "complaint_keywords_daily" k GROUP BY 1, 2, 3, 4, 5, 6;
