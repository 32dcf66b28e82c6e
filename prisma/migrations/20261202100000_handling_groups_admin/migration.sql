-- Handling groups become data an admin edits on /admin/settings/team (issue 15, point 6): a name in
-- each language, the categories routed to the group, and the expert on duty (who takes the group's
-- escalations first).
ALTER TABLE "handling_groups" ADD COLUMN "names" JSONB NOT NULL DEFAULT '{}';
-- A staff id without a foreign key: accounts are deactivated, never deleted, and a key here would
-- make reference data depend on staff rows (a TRUNCATE of staff_users would cascade into the
-- groups). lib/staff/handling-groups.ts keeps it pointing at an active member, or clears it.
ALTER TABLE "handling_groups" ADD COLUMN "expert_on_duty_id" UUID;

-- The names the message files gave the built-in groups until now.
UPDATE "handling_groups" SET "names" = CASE "code"
  WHEN 'product' THEN '{"zh-CN": "品控组", "en": "Quality team", "es": "Equipo de calidad"}'::jsonb
  WHEN 'order' THEN '{"zh-CN": "订单组", "en": "Orders team", "es": "Equipo de pedidos"}'::jsonb
  WHEN 'delivery' THEN '{"zh-CN": "配送组", "en": "Delivery team", "es": "Equipo de entregas"}'::jsonb
  WHEN 'service' THEN '{"zh-CN": "客服组", "en": "Customer service team", "es": "Equipo de atención al cliente"}'::jsonb
  WHEN 'vip' THEN '{"zh-CN": "VIP 专线", "en": "VIP line", "es": "Línea VIP"}'::jsonb
  ELSE "names" END;

-- `categories` held the taxonomy group and was read by nothing; it now routes complaint subtypes
-- (each to exactly one group, lib/staff/handling-groups.ts). Routing is unchanged: every subtype
-- stays with the group of its taxonomy group. The VIP line routes no category: it takes every
-- complaint of a VIP customer, whatever it is about.
UPDATE "handling_groups" g SET "categories" = CASE g."code"
  WHEN 'product' THEN ARRAY['product.quality', 'product.mismatch', 'product.short_weight', 'product.out_of_stock']
  WHEN 'order' THEN ARRAY['order.payment', 'order.cancellation', 'order.price']
  WHEN 'delivery' THEN ARRAY['delivery.late', 'delivery.wrong', 'delivery.damaged']
  WHEN 'service' THEN ARRAY['service.attitude', 'service.slow']
  ELSE ARRAY[]::TEXT[] END;
