-- A plan's form carries an id per form shown: a double submit or a retried request records one plan.
ALTER TABLE "improvement_plans" ADD COLUMN "submission_id" UUID;
CREATE UNIQUE INDEX "improvement_plans_submission_id_key" ON "improvement_plans"("submission_id");
