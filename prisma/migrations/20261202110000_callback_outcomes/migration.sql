-- Monthly callback results (issue 16, point 5): a call ends with an outcome (CALLBACK_OUTCOMES in
-- lib/complaints/vocabulary/terms.ts), the customer's suggestion in their words, and who called.
ALTER TABLE "callback_tasks" ADD COLUMN "outcome" TEXT;
ALTER TABLE "callback_tasks" ADD COLUMN "suggestion" TEXT;
ALTER TABLE "callback_tasks" ADD COLUMN "done_by_id" UUID;
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_done_by_id_fkey" FOREIGN KEY ("done_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
