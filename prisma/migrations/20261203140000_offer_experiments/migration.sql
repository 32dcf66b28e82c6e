-- Compensation-offer experiments (issue 16, point 2): an arm may carry the offer it makes in place
-- of a handling rule's (a coupon's amount and validity, or points), read by intake.
ALTER TABLE "experiment_arms" ADD COLUMN "offer" JSONB;
