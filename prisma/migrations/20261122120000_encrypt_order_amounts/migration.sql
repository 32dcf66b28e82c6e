-- Order amounts become personal data under AES-256-GCM (seed 001). SQL cannot encrypt with the
-- application's key, so existing amounts move to "legacy_amount" and the application encrypts
-- them into "amount_enc" at start-up (lib/crypto/reencrypt-fields.ts), clearing legacy_amount.
-- What rules and reports must query stays queryable as a band: the thresholds the rules use
-- (¥50 automatic refund, ¥200 priority raise), never the amount itself.
CREATE TYPE "AmountBand" AS ENUM ('under_50', 'under_200', 'at_least_200');

ALTER TABLE "orders" RENAME COLUMN "amount" TO "legacy_amount";
ALTER TABLE "orders" ALTER COLUMN "legacy_amount" DROP NOT NULL;
ALTER TABLE "orders" ADD COLUMN "amount_enc" TEXT, ADD COLUMN "amount_band" "AmountBand";
UPDATE "orders" SET "amount_band" = CASE
  WHEN "legacy_amount" < 50 THEN 'under_50'::"AmountBand"
  WHEN "legacy_amount" < 200 THEN 'under_200'::"AmountBand"
  ELSE 'at_least_200'::"AmountBand" END;
ALTER TABLE "orders" ALTER COLUMN "amount_band" SET NOT NULL;
CREATE INDEX "orders_amount_band_idx" ON "orders"("amount_band");

-- Unit prices too: with a single item, price × quantity would give the amount away.
ALTER TABLE "order_items" RENAME COLUMN "unit_price" TO "legacy_unit_price";
ALTER TABLE "order_items" ALTER COLUMN "legacy_unit_price" DROP NOT NULL;
ALTER TABLE "order_items" ADD COLUMN "unit_price_enc" TEXT;
