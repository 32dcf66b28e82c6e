-- The case library: a complaint closed with a good outcome becomes a case candidate that QA
-- approves (or rejects) before agents see it; searchable in Chinese like the queue.
CREATE TYPE "CaseStatus" AS ENUM ('pending', 'approved', 'rejected');

CREATE TABLE "knowledge_cases" (
    "id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "compensation_type" "CompensationType",
    "compensation_amount" DECIMAL(12,2),
    "satisfaction" INTEGER,
    "status" "CaseStatus" NOT NULL DEFAULT 'pending',
    "search_terms" TEXT NOT NULL DEFAULT '',
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "knowledge_cases_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "knowledge_cases_satisfaction_check" CHECK ("satisfaction" BETWEEN 1 AND 5)
);
CREATE UNIQUE INDEX "knowledge_cases_complaint_id_key" ON "knowledge_cases"("complaint_id");
CREATE INDEX "knowledge_cases_status_category_idx" ON "knowledge_cases"("status", "category");
CREATE INDEX "knowledge_cases_search_terms_idx" ON "knowledge_cases" USING GIN (to_tsvector('simple', "search_terms"));
ALTER TABLE "knowledge_cases" ADD CONSTRAINT "knowledge_cases_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "knowledge_cases" ADD CONSTRAINT "knowledge_cases_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Templates can be retired without losing the text of replies that used them.
ALTER TABLE "reply_templates" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;
