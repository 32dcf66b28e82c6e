-- The VIP channel (issue 15, point 5; seed 001: a dedicated line and priority for customers with
-- annual purchases over ¥1 000 000). VIP customers' complaints go to their own handling group,
-- with its own SLA (the `vip_channel` setting, lib/customers/vip-channel.ts), and their account
-- manager is told.
INSERT INTO "handling_groups" ("id", "code", "categories") VALUES
  (gen_random_uuid(), 'vip', ARRAY['product', 'order', 'delivery', 'service'])
ON CONFLICT ("code") DO NOTHING;

-- Whoever covers every group today covers the VIP line too (a small shop's team); others are added
-- on /admin/settings/team.
INSERT INTO "staff_group_members" ("staff_id", "group_id")
SELECT m."staff_id", v."id"
FROM "staff_group_members" m
JOIN "handling_groups" g ON g."id" = m."group_id" AND g."code" IN ('product', 'order', 'delivery', 'service')
CROSS JOIN "handling_groups" v
WHERE v."code" = 'vip'
GROUP BY m."staff_id", v."id"
HAVING count(DISTINCT g."code") = 4
ON CONFLICT DO NOTHING;

-- Where a customer's tier comes from: 'shop' (the shop sent it, and it stands) or 'spend' (Kesu
-- computes it from the shop's orders of the last 12 months against the setting's threshold).
-- Today's VIPs were named by the shop.
ALTER TABLE "customers" ADD COLUMN "tier_source" TEXT NOT NULL DEFAULT 'spend';
UPDATE "customers" SET "tier_source" = 'shop' WHERE "tier" = 'vip';

-- The staff member who looks after a VIP customer: @-mentioned when the customer complains.
ALTER TABLE "customers" ADD COLUMN "account_manager_id" UUID;
ALTER TABLE "customers" ADD CONSTRAINT "customers_account_manager_id_fkey" FOREIGN KEY ("account_manager_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "customers_account_manager_id_idx" ON "customers"("account_manager_id");
CREATE INDEX "customers_tier_idx" ON "customers"("tier");
