-- Dashboard rollups (issue 6). Every dashboard number comes from two small tables kept exact by
-- triggers in the same transaction as the complaint change, so a chart and the queue it drills
-- into never disagree, and a 1 M-complaint dashboard reads tens of thousands of rows, not millions.
-- Bulk loads set `kesu.skip_rollup = on` for their session and rebuild afterwards
-- (lib/dashboard/rebuild-rollups.ts).

-- Snapshots taken at intake: the tier and region a complaint is reported under never move when
-- the customer is later upgraded or the order's region corrected. Survey answers are copied onto
-- the complaint so one row carries everything the rollup needs.
ALTER TABLE "complaints"
  ADD COLUMN "tier" "CustomerTier" NOT NULL DEFAULT 'normal',
  ADD COLUMN "region" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "csat" INTEGER,
  ADD COLUMN "nps" INTEGER;
UPDATE "complaints" c SET "tier" = cu."tier", "region" = o."region"
  FROM "customers" cu, "orders" o WHERE cu."id" = c."customer_id" AND o."id" = c."order_id";
UPDATE "complaints" c SET "csat" = s."csat", "nps" = s."nps" FROM "survey_responses" s WHERE s."complaint_id" = c."id";

CREATE FUNCTION "kesu_skip_rollup"() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('kesu.skip_rollup', true), '') = 'on'
$$;

CREATE FUNCTION "complaints_snapshot"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF kesu_skip_rollup() THEN RETURN NEW; END IF;
  SELECT cu."tier" INTO NEW."tier" FROM "customers" cu WHERE cu."id" = NEW."customer_id";
  SELECT o."region" INTO NEW."region" FROM "orders" o WHERE o."id" = NEW."order_id";
  RETURN NEW;
END $$;
CREATE TRIGGER "complaints_snapshot" BEFORE INSERT ON "complaints" FOR EACH ROW EXECUTE FUNCTION "complaints_snapshot"();

CREATE FUNCTION "survey_responses_to_complaint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF kesu_skip_rollup() THEN RETURN NULL; END IF;
  UPDATE "complaints" SET "csat" = NEW."csat", "nps" = NEW."nps" WHERE "id" = NEW."complaint_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "survey_responses_to_complaint" AFTER INSERT OR UPDATE OF "csat", "nps" ON "survey_responses" FOR EACH ROW EXECUTE FUNCTION "survey_responses_to_complaint"();

-- One row per Shanghai day × category × region × tier × handling group: sums, never averages,
-- so any range adds up exactly.
CREATE TABLE "complaint_stats_daily" (
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
    CONSTRAINT "complaint_stats_daily_pkey" PRIMARY KEY ("day", "category", "region", "tier", "group_id")
);

CREATE TABLE "complaint_keywords_daily" (
    "day" DATE NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "group_id" UUID NOT NULL,
    "keyword" TEXT NOT NULL,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "complaint_keywords_daily_pkey" PRIMARY KEY ("day", "category", "region", "tier", "group_id", "keyword")
);

CREATE FUNCTION "complaint_rollup_apply"(c "complaints", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d DATE := (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  INSERT INTO "complaint_stats_daily" AS s VALUES (
    d, c."category", c."region", c."tier", c."group_id",
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
  ) ON CONFLICT ("day", "category", "region", "tier", "group_id") DO UPDATE SET
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
    "detractors" = s."detractors" + excluded."detractors";
END $$;

CREATE FUNCTION "complaint_keywords_apply"(c "complaints", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so two transactions touching the same words lock them in the same order.
  INSERT INTO "complaint_keywords_daily" AS k
    SELECT (c."created_at" AT TIME ZONE 'Asia/Shanghai')::date, c."category", c."region", c."tier", c."group_id", w, sign
    FROM (SELECT DISTINCT unnest(c."keywords") AS w) words ORDER BY w
  ON CONFLICT ("day", "category", "region", "tier", "group_id", "keyword") DO UPDATE SET "complaints" = k."complaints" + excluded."complaints";
END $$;

CREATE FUNCTION "complaints_rollup"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE dims_changed boolean;
BEGIN
  IF kesu_skip_rollup() THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    dims_changed := (OLD."created_at", OLD."category", OLD."region", OLD."tier", OLD."group_id") IS DISTINCT FROM (NEW."created_at", NEW."category", NEW."region", NEW."tier", NEW."group_id");
    -- Most updates (status, version, assignee) change nothing the rollups count.
    IF dims_changed OR (OLD."first_responded_at", OLD."resolved_at", OLD."sla_breach_count" > 0, OLD."csat", OLD."nps") IS DISTINCT FROM (NEW."first_responded_at", NEW."resolved_at", NEW."sla_breach_count" > 0, NEW."csat", NEW."nps") THEN
      PERFORM complaint_rollup_apply(OLD, -1);
      PERFORM complaint_rollup_apply(NEW, 1);
    END IF;
    IF dims_changed OR OLD."keywords" IS DISTINCT FROM NEW."keywords" THEN
      PERFORM complaint_keywords_apply(OLD, -1);
      PERFORM complaint_keywords_apply(NEW, 1);
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM complaint_rollup_apply(NEW, 1);
    PERFORM complaint_keywords_apply(NEW, 1);
  ELSE
    PERFORM complaint_rollup_apply(OLD, -1);
    PERFORM complaint_keywords_apply(OLD, -1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "complaints_rollup" AFTER INSERT OR UPDATE OR DELETE ON "complaints" FOR EACH ROW EXECUTE FUNCTION "complaints_rollup"();

-- Dashboard ranges read by day; the keyword cloud by day then word.
CREATE INDEX "complaint_stats_daily_day_idx" ON "complaint_stats_daily"("day");
CREATE INDEX "complaint_keywords_daily_day_idx" ON "complaint_keywords_daily"("day");

-- The queue filters on the snapshots (keyword drill-downs use the GIN index of 20261122210000).
CREATE INDEX "complaints_region_created_idx" ON "complaints"("region", "created_at");
CREATE INDEX "complaints_category_created_idx" ON "complaints"("category", "created_at");

-- The same sums from scratch: after a bulk load, and as the check that the triggers stay exact
-- (tests compare the two). Blocks complaint writes while it runs.
CREATE FUNCTION "kesu_rebuild_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "complaints" IN SHARE MODE;
  DELETE FROM "complaint_stats_daily";
  DELETE FROM "complaint_keywords_daily";
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
END $$;
SELECT kesu_rebuild_rollups();
