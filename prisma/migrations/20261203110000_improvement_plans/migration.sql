-- Improvement plans (issue 16, point 3; lib/plans): an action on one of the weekly report's top
-- problems, an owner, a due date, the metric and scope to watch. The result — the windowDays
-- before the plan against the windowDays after its due date — is stored once it is in, and the
-- robots are told twice: when the plan is due, and when its result is in.
CREATE TABLE "improvement_plans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "action" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "metric" TEXT NOT NULL,
    "category" TEXT,
    "region" TEXT,
    "report_id" UUID,
    "report_rank" INTEGER,
    "window_days" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "due_notified_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "improvement_plans_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "improvement_plans_window_days_check" CHECK ("window_days" IN (7, 14, 28))
);
CREATE INDEX "improvement_plans_due_at_idx" ON "improvement_plans"("due_at");
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;
