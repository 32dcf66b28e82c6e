-- Keywords per complaint (TF-IDF, lib/nlp), stored at intake so word clouds and reports aggregate
-- them with SQL for any filter.
ALTER TABLE "complaints" ADD COLUMN "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[];
CREATE INDEX "complaints_keywords_idx" ON "complaints" USING GIN ("keywords");
