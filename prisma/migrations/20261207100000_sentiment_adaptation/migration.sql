-- Issue 17, point 1: the sentiment model adapted to the shop's own complaint texts
-- (lib/nlp/domain-adaptation.ts), weekly by the `sentiment-adapt` workflow. The model labels the
-- texts and the features it has no weight for get one from the company they keep; the shipped
-- model's own weights never change. Each adaptation is a row, never changed (the app's role may
-- not UPDATE or DELETE it: tools/db/app-role.ts), so a triage can be traced to the weights behind it.
CREATE TABLE "sentiment_adaptations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- 'schedule' (the workflow), 'manual' (an operator), 'demo' (a fresh demo's start-up).
    "trigger" TEXT NOT NULL,
    -- The shipped model's file the weights were computed for (sha-256, 16 hex digits): an
    -- adaptation for another model is never applied.
    "model" TEXT NOT NULL,
    -- Complaint texts read (the newest, at most 20 000) and features weighted.
    "texts" INTEGER NOT NULL,
    "features" INTEGER NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL,
    "min_docs" INTEGER NOT NULL,
    -- { feature: weight }, only features the model has no weight for.
    "weights" JSONB NOT NULL,

    CONSTRAINT "sentiment_adaptations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sentiment_adaptations_trigger_check" CHECK ("trigger" IN ('schedule', 'manual', 'demo'))
);
CREATE INDEX "sentiment_adaptations_model_created_at_idx" ON "sentiment_adaptations"("model", "created_at");
