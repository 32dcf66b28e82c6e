-- Compensation details for the gateway (lib/compensation): who offered it, the coupon's validity,
-- when the customer claimed it, the shop's reference and the last delivery error.
ALTER TABLE "compensations"
  ADD COLUMN "valid_until" TIMESTAMPTZ(3),
  ADD COLUMN "claimed_at" TIMESTAMPTZ(3),
  ADD COLUMN "created_by_id" UUID,
  ADD COLUMN "external_ref" TEXT,
  ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "last_error" TEXT;
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
