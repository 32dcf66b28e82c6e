-- Issue 17, point 1: the sentiment model adapted to the shop's own texts (complaints, rating and
-- survey comments)
-- (lib/nlp/domain-adaptation.ts), weekly by the `sentiment-adapt` workflow. The model reads the
-- texts and the features it has no weight for get one from the texts they come in; the shipped
-- model's own weights never change. Each adaptation is a row, never changed (the app's role may
-- not UPDATE or DELETE it: tools/db/app-role.ts): the weights in force at any moment can be read back.
CREATE TABLE "sentiment_adaptations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- 'schedule' (the workflow), 'manual' (called outside the schedule, by hand or from a script),
    -- 'start' (`npm start`, for a model file with none).
    "trigger" TEXT NOT NULL,
    -- The shipped model's file the weights were computed for (sha-256, 16 hex digits): an
    -- adaptation for another model is never applied.
    "model" TEXT NOT NULL,
    -- Texts read (the newest, at most 20 000 of each kind), how many the model read as negative,
    -- and features weighted.
    "texts" INTEGER NOT NULL,
    "negative_texts" INTEGER NOT NULL,
    "features" INTEGER NOT NULL,
    "alpha" DOUBLE PRECISION NOT NULL,
    "min_customers" INTEGER NOT NULL,
    -- { feature: weight }, only features the model has no weight for, each from at least
    -- min_customers customers' texts.
    "weights" JSONB NOT NULL,

    CONSTRAINT "sentiment_adaptations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "sentiment_adaptations_trigger_check" CHECK ("trigger" IN ('schedule', 'manual', 'start'))
);
-- A retried run (same trigger, same moment) stores one row, however many ran at once.
CREATE UNIQUE INDEX "sentiment_adaptations_model_trigger_created_at_key" ON "sentiment_adaptations"("model", "trigger", "created_at");
CREATE INDEX "sentiment_adaptations_model_created_at_idx" ON "sentiment_adaptations"("model", "created_at");
