-- CreateEnum
CREATE TYPE "CustomerTier" AS ENUM ('normal', 'vip');
CREATE TYPE "OrderStatus" AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded');
CREATE TYPE "ComplaintStatus" AS ENUM ('new', 'processing', 'waiting_customer', 'resolved', 'closed');
CREATE TYPE "Priority" AS ENUM ('high', 'medium', 'low');
CREATE TYPE "ComplaintSource" AS ENUM ('h5', 'api');
CREATE TYPE "ActorType" AS ENUM ('customer', 'staff', 'system', 'shop');
CREATE TYPE "CompensationType" AS ENUM ('refund', 'coupon', 'points');
CREATE TYPE "CompensationStatus" AS ENUM ('offered', 'pending', 'succeeded', 'failed', 'claimed');
CREATE TYPE "StaffRole" AS ENUM ('agent', 'expert', 'qa', 'supervisor', 'admin');

-- CreateTable
CREATE TABLE "handling_groups" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "categories" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "handling_groups_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sla_policies" (
    "id" UUID NOT NULL,
    "priority" "Priority" NOT NULL,
    "first_response_minutes" INTEGER NOT NULL,
    "resolution_plan_minutes" INTEGER NOT NULL,
    "warn_before_minutes" INTEGER NOT NULL DEFAULT 10,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sla_policies_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "staff_users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "group_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" "CustomerTier" NOT NULL DEFAULT 'normal',
    "region" TEXT NOT NULL,
    "contact_enc" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "order_no" TEXT NOT NULL,
    "customer_id" UUID NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "region" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "promised_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "order_items" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" DECIMAL(10,3) NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "order_items_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "complaints" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "contact_enc" TEXT,
    "status" "ComplaintStatus" NOT NULL DEFAULT 'new',
    "priority" "Priority" NOT NULL,
    "urgency_score" DOUBLE PRECISION NOT NULL,
    "urgency_reasons" TEXT[],
    "group_id" UUID NOT NULL,
    "assignee_id" UUID,
    "source" "ComplaintSource" NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "first_response_due_at" TIMESTAMPTZ(3) NOT NULL,
    "resolution_due_at" TIMESTAMPTZ(3) NOT NULL,
    "first_responded_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "complaints_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "complaint_events" (
    "id" BIGSERIAL NOT NULL,
    "complaint_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "kind" TEXT NOT NULL,
    "customer_visible" BOOLEAN NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "complaint_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "uploads" (
    "id" UUID NOT NULL,
    "storage" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "customer_id" UUID,
    "complaint_id" UUID,
    "position" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "compensations" (
    "id" UUID NOT NULL,
    "complaint_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "type" "CompensationType" NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "status" "CompensationStatus" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "compensations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "handling_groups_code_key" ON "handling_groups"("code");
CREATE UNIQUE INDEX "sla_policies_priority_key" ON "sla_policies"("priority");
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers"("external_id");
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");
CREATE UNIQUE INDEX "orders_order_no_key" ON "orders"("order_no");
CREATE INDEX "orders_customer_id_placed_at_idx" ON "orders"("customer_id", "placed_at");
CREATE INDEX "order_items_product_id_idx" ON "order_items"("product_id");
CREATE UNIQUE INDEX "order_items_order_id_position_key" ON "order_items"("order_id", "position");
CREATE UNIQUE INDEX "complaints_idempotency_key_key" ON "complaints"("idempotency_key");
CREATE INDEX "complaints_customer_id_created_at_idx" ON "complaints"("customer_id", "created_at");
CREATE INDEX "complaints_status_priority_created_at_idx" ON "complaints"("status", "priority", "created_at");
CREATE INDEX "complaints_order_id_idx" ON "complaints"("order_id");
CREATE INDEX "complaint_events_complaint_id_at_idx" ON "complaint_events"("complaint_id", "at");
CREATE UNIQUE INDEX "uploads_key_key" ON "uploads"("key");
CREATE INDEX "uploads_complaint_id_idx" ON "uploads"("complaint_id");
CREATE UNIQUE INDEX "compensations_idempotency_key_key" ON "compensations"("idempotency_key");
CREATE INDEX "compensations_complaint_id_idx" ON "compensations"("complaint_id");
CREATE INDEX "compensations_order_id_idx" ON "compensations"("order_id");

-- AddForeignKey
ALTER TABLE "staff_users" ADD CONSTRAINT "staff_users_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "handling_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "handling_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "compensations" ADD CONSTRAINT "compensations_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Reference data the product cannot run without: the four handling groups (one per taxonomy
-- group) and the default SLA policies (seed rule: high → first response 30 min; medium and
-- low → 2 h; resolution plan 24 h).
INSERT INTO "handling_groups" ("id", "code", "categories") VALUES
  (gen_random_uuid(), 'product', ARRAY['product']),
  (gen_random_uuid(), 'order', ARRAY['order']),
  (gen_random_uuid(), 'delivery', ARRAY['delivery']),
  (gen_random_uuid(), 'service', ARRAY['service']);

INSERT INTO "sla_policies" ("id", "priority", "first_response_minutes", "resolution_plan_minutes") VALUES
  (gen_random_uuid(), 'high', 30, 1440),
  (gen_random_uuid(), 'medium', 120, 1440),
  (gen_random_uuid(), 'low', 120, 1440);
