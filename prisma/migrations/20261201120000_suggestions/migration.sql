-- Suggestions (issue 15, point 4): feedback that is not a complaint. Their own light flow —
-- acknowledged, tagged, thanked — with no SLA clock, and their own counts on the dashboard and in
-- the weekly report (lib/suggestions).
CREATE TYPE "SuggestionStatus" AS ENUM ('new', 'acknowledged', 'thanked');

CREATE TABLE "suggestions" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "order_id" UUID,
    -- The H5 form's id for this submission: sent again (a double tap, a retry), it files nothing new.
    "submission_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    -- The language the customer wrote in; the thanks is written in it.
    "locale" TEXT NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'new',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "thanks" TEXT,
    "handled_by_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    "thanked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "suggestions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "suggestions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "suggestions_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "suggestions_handled_by_id_fkey" FOREIGN KEY ("handled_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "suggestions_submission_id_key" ON "suggestions"("submission_id");
CREATE INDEX "suggestions_created_at_idx" ON "suggestions"("created_at");
CREATE INDEX "suggestions_status_created_at_idx" ON "suggestions"("status", "created_at");
CREATE INDEX "suggestions_customer_id_idx" ON "suggestions"("customer_id");
