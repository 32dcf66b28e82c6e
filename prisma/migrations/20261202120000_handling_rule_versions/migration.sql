-- The handling rules become data (issue 16, point 1): versions of a rule list (lib/triage/handling-rules.ts),
-- the highest activated version in force (numbers are given out under a lock, so the newest is the
-- highest, whatever the clocks say), read by intake with the rest of its context. Versions are
-- never edited: a change is a new version, so each complaint's timeline names the version that
-- handled it.
CREATE TABLE "handling_rule_versions" (
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),

    CONSTRAINT "handling_rule_versions_pkey" PRIMARY KEY ("version")
);

-- Version 1 is the rule that was code until now (lib/triage/auto-resolution.ts): out of stock on a
-- shipped or delivered order under ¥50 → refund the order. Behaviour is unchanged until an admin
-- saves a new version.
INSERT INTO "handling_rule_versions" ("version", "rules", "note", "activated_at") VALUES (1,
  '[{"code": "out_of_stock_under_50", "when": {"categories": ["product.out_of_stock"], "orderStatuses": ["shipped", "delivered"], "belowOrderAmountFen": 5000}, "then": {"type": "refund_order"}}]'::jsonb,
  'built-in', CURRENT_TIMESTAMP);
