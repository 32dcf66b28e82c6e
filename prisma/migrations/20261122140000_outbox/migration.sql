-- Transactional outbox (lib/outbox): domain events are inserted in the same transaction as the
-- change they announce, then relayed to Inngest in id order with the row id as the event id.
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);
-- The relay reads the unsent rows in id order: a partial index keeps that cheap however large the table grows.
CREATE INDEX "outbox_events_unsent_idx" ON "outbox_events" ("id") WHERE "sent_at" IS NULL;
CREATE INDEX "outbox_events_aggregate_id_idx" ON "outbox_events" ("aggregate_id");
