-- Issue 17, point 5 (seed 001 智能预判): a model of which orders end in a complaint within 7 days,
-- trained from the shop's own history (lib/risk), retrained by the `risk-model-retrain` workflow.
-- Each training is a row, never changed (the app's role may not UPDATE or DELETE it:
-- tools/db/app-role.ts), so every score can be traced to the model and evaluation behind it.
CREATE TABLE "risk_models" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "trained_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- 'schedule' (the workflow), 'manual' (an admin), 'demo' (a fresh demo's start-up), 'bench'.
    "trigger" TEXT NOT NULL,
    -- The time split: trained on orders placed in [train_from, test_from − 7 days), tested on [test_from, test_to).
    "train_from" TIMESTAMPTZ(3) NOT NULL,
    "test_from" TIMESTAMPTZ(3) NOT NULL,
    "test_to" TIMESTAMPTZ(3) NOT NULL,
    "train_orders" INTEGER NOT NULL,
    "train_positives" INTEGER NOT NULL,
    "test_orders" INTEGER NOT NULL,
    "test_positives" INTEGER NOT NULL,
    -- Null when the test month has only one class (AUC undefined).
    "auc" DOUBLE PRECISION,
    "brier" DOUBLE PRECISION,
    -- [{ "predicted": mean score, "observed": complaint share, "orders": n }] per tenth of the test scores.
    "calibration" JSONB NOT NULL,
    -- { bias, weights, encodings }: lib/risk/risk-model.ts.
    "model" JSONB NOT NULL,

    CONSTRAINT "risk_models_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "risk_models_trigger_check" CHECK ("trigger" IN ('schedule', 'manual', 'demo', 'bench'))
);
CREATE INDEX "risk_models_trained_at_idx" ON "risk_models"("trained_at");

-- Scored as the shop sends the order (and rescored after each training); announced to the
-- `order_risk` robots once; marked when someone contacted the customer ahead of a complaint.
ALTER TABLE "orders"
  ADD COLUMN "risk_score" DOUBLE PRECISION,
  ADD COLUMN "risk_model_id" UUID,
  ADD COLUMN "risk_notified_at" TIMESTAMPTZ(3),
  ADD COLUMN "risk_contacted_at" TIMESTAMPTZ(3),
  ADD COLUMN "risk_contacted_by_id" UUID,
  ADD CONSTRAINT "orders_risk_score_range" CHECK ("risk_score" IS NULL OR ("risk_score" >= 0 AND "risk_score" <= 1));
ALTER TABLE "orders" ADD CONSTRAINT "orders_risk_model_id_fkey" FOREIGN KEY ("risk_model_id") REFERENCES "risk_models"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_risk_contacted_by_id_fkey" FOREIGN KEY ("risk_contacted_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "orders_placed_at_risk_score_idx" ON "orders"("placed_at", "risk_score");
