-- FAQ entries (knowledge base) suggested on the H5 form, and the self-served flows they closed.
CREATE TABLE "faq_entries" (
    "id" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "search_terms" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "faq_entries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "faq_entries_locale_active_idx" ON "faq_entries"("locale", "active");

CREATE TABLE "faq_self_serves" (
    "id" UUID NOT NULL,
    "faq_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "order_no" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "faq_self_serves_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "faq_self_serves_created_at_idx" ON "faq_self_serves"("created_at");
ALTER TABLE "faq_self_serves" ADD CONSTRAINT "faq_self_serves_faq_id_fkey" FOREIGN KEY ("faq_id") REFERENCES "faq_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "faq_self_serves" ADD CONSTRAINT "faq_self_serves_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
