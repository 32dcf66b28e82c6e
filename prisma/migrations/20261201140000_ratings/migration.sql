-- Order ratings (issue 15, point 1): stars, tags and a text from the order-completed page, the
-- H5 rating page or the shop's API. One per order. A low one becomes a complaint (complaint_id);
-- the others are counted (lib/ratings). Region and tier are kept as they were when the customer
-- rated, so the dashboard's averages do not move when a customer changes tier later.
CREATE TABLE "ratings" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "stars" INTEGER NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "text" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL,
    "source" "ComplaintSource" NOT NULL,
    "region" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL,
    "complaint_id" UUID,
    -- API ratings: the Idempotency-Key and the request's hash (a key reused for another body is refused).
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ratings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ratings_stars_check" CHECK ("stars" BETWEEN 1 AND 5),
    CONSTRAINT "ratings_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ratings_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ratings_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ratings_order_id_key" ON "ratings"("order_id");
CREATE UNIQUE INDEX "ratings_complaint_id_key" ON "ratings"("complaint_id");
CREATE UNIQUE INDEX "ratings_idempotency_key_key" ON "ratings"("idempotency_key");
CREATE INDEX "ratings_created_at_idx" ON "ratings"("created_at");
CREATE INDEX "ratings_customer_id_idx" ON "ratings"("customer_id");

-- A rating's photos and short videos (a low rating's go on to its complaint as well).
ALTER TABLE "uploads" ADD COLUMN "rating_id" UUID;
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_rating_id_fkey" FOREIGN KEY ("rating_id") REFERENCES "ratings"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "uploads_rating_id_idx" ON "uploads"("rating_id");
