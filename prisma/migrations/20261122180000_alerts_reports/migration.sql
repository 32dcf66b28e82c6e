-- Smart alerts (lib/alerts) and stored reports (lib/reports).
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged');

CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_by_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);
-- One open alert per key, in the database itself: no alert storm however many events race.
CREATE UNIQUE INDEX "alerts_open_key_idx" ON "alerts" ("key") WHERE "status" = 'open';
CREATE INDEX "alerts_status_last_at_idx" ON "alerts" ("status", "last_at");

CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "reports_kind_period_start_key" ON "reports"("kind", "period_start");
