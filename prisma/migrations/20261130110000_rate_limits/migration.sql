-- Abuse limits kept in PostgreSQL so they hold across app processes (lib/rate-limit). One row per
-- bucket (rule + who), window and shard: a bucket that takes a wave of traffic (the shop API key)
-- spreads its hits over several shard rows so they do not queue on one row lock; the count is
-- their sum. Rows older than two windows are pruned by the hourly cron.
CREATE TABLE "rate_limit_hits" (
    "bucket" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "shard" INTEGER NOT NULL DEFAULT 0,
    "hits" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "rate_limit_hits_pkey" PRIMARY KEY ("bucket", "window_start", "shard")
);

CREATE INDEX "rate_limit_hits_window_start_idx" ON "rate_limit_hits" ("window_start");

-- The per-account lockout is replaced by the sign-in limits above (it let anyone lock a colleague
-- out and told which accounts exist).
ALTER TABLE "staff_users" DROP COLUMN "failed_login_count", DROP COLUMN "failed_login_window_start", DROP COLUMN "locked_until";
