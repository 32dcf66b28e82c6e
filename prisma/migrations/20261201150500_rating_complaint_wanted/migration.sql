-- Whether a rating is to become a complaint, decided once with the rating (under the threshold in
-- force then), so that filing it — right away, or by the rating-complaint workflow after a crash —
-- never depends on a setting changed in between.
ALTER TABLE "ratings" ADD COLUMN "wants_complaint" BOOLEAN NOT NULL DEFAULT false;
