-- A/B experiments (issue 16, point 2; lib/experiments). An experiment varies one thing (its
-- variable and target, e.g. the reply template "apology"), for a share of customers chosen by a
-- stable hash, optionally narrowed by tier, region and category, and is judged by one metric over
-- the complaints exposed to it. Only one runs per variable and target (checked under a lock when one
-- is started: no partial unique index, the schema stays what prisma/schema.prisma declares).
CREATE TABLE "experiments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "variable" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "share_percent" INTEGER NOT NULL,
    "tiers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "min_sample_per_arm" INTEGER NOT NULL DEFAULT 100,
    "status" TEXT NOT NULL DEFAULT 'running',
    "winner_arm" TEXT,
    "created_by_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "experiments_share_percent_check" CHECK ("share_percent" BETWEEN 1 AND 100),
    CONSTRAINT "experiments_min_sample_check" CHECK ("min_sample_per_arm" >= 2),
    CONSTRAINT "experiments_status_check" CHECK ("status" IN ('running', 'stopped', 'shipped'))
);
CREATE INDEX "experiments_variable_target_status_idx" ON "experiments"("variable", "target", "status");
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The control arm keeps things as they are; a variant carries its text per language.
CREATE TABLE "experiment_arms" (
    "experiment_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "control" BOOLEAN NOT NULL DEFAULT false,
    "bodies" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "experiment_arms_pkey" PRIMARY KEY ("experiment_id", "key")
);
ALTER TABLE "experiment_arms" ADD CONSTRAINT "experiment_arms_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One exposure per complaint and experiment, written in the transaction of the reply that
-- carried the arm's text (a retried reply finds it there and adds nothing).
CREATE TABLE "experiment_exposures" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "experiment_id" UUID NOT NULL,
    "arm" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "exposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "experiment_exposures_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "experiment_exposures_experiment_id_complaint_id_key" ON "experiment_exposures"("experiment_id", "complaint_id");
CREATE INDEX "experiment_exposures_experiment_id_arm_idx" ON "experiment_exposures"("experiment_id", "arm");
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "experiment_exposures" ADD CONSTRAINT "experiment_exposures_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
