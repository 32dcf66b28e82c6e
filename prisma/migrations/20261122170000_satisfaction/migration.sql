-- The satisfaction loop (lib/surveys): the customer's language for messages, the NPS sampling
-- memory (at most once per customer per 30 days), survey answers (one per complaint) and
-- callback tasks raised by churn warnings.
ALTER TABLE "customers"
  ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'zh-CN',
  ADD COLUMN "last_nps_asked_at" TIMESTAMPTZ(3);
ALTER TABLE "complaints" ADD COLUMN "survey_asks_nps" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "survey_responses" (
    "id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "csat" INTEGER NOT NULL,
    "nps" INTEGER,
    "comment" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "survey_responses_csat_check" CHECK ("csat" BETWEEN 1 AND 5),
    CONSTRAINT "survey_responses_nps_check" CHECK ("nps" IS NULL OR "nps" BETWEEN 0 AND 10)
);
CREATE UNIQUE INDEX "survey_responses_complaint_id_key" ON "survey_responses"("complaint_id");
CREATE INDEX "survey_responses_customer_id_created_at_idx" ON "survey_responses"("customer_id", "created_at");
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TYPE "TaskStatus" AS ENUM ('open', 'done');
CREATE TABLE "callback_tasks" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "complaint_id" UUID,
    "reason" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),
    CONSTRAINT "callback_tasks_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "callback_tasks_dedupe_key_key" ON "callback_tasks"("dedupe_key");
CREATE INDEX "callback_tasks_status_created_at_idx" ON "callback_tasks"("status", "created_at");
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
