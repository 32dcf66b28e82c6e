-- Context triggers (issue 15, point 3): what the shop tells about an order as it moves — a
-- payment that failed, an item it could not supply — so the H5 can offer the matching fast lane
-- (lib/orders/order-anomalies.ts). Delivery overdue needs no column: promised_at and delivered_at
-- exist already.
ALTER TABLE "orders" ADD COLUMN "payment_failed" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "order_items" ADD COLUMN "out_of_stock" BOOLEAN NOT NULL DEFAULT false;
