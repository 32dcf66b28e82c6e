-- Settings admins edit that need no table of their own (compensation caps, abuse limits): one
-- JSON document per key, validated by its zod schema in lib/settings/ on read and write, with a
-- version for the stale-form check.
CREATE TABLE "app_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("key")
);

