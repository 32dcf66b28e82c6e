import { keyringFromEnv } from "../../lib/crypto/app-key";
import { createComplaint } from "../../lib/complaints/create-complaint";
import type { Category } from "../../lib/complaints/vocabulary/taxonomy";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { testDb } from "./db-helpers";

export const testKeyring = () => keyringFromEnv({ FIELD_ENCRYPTION_KEY: process.env.FIELD_ENCRYPTION_KEY! });

let sequence = 0;

/** An order (and its customer) through the real upsert, then a complaint through the real intake. */
export async function fileTestComplaint({
  category = "product.quality",
  description = "芒果烂了",
  amount = "88.00",
  tier = "normal",
  region = "上海",
  customerExternalId,
  phone = "13900000001",
  shopRefunds = false,
  orderStatus = "delivered",
  deliveredAt,
  now = new Date(),
}: {
  /** When the shop reported the delivery (none by default). */
  deliveredAt?: Date;
  orderStatus?: "pending" | "paid" | "shipped" | "delivered" | "cancelled" | "refunded";
  category?: Category;
  description?: string;
  amount?: string;
  tier?: "normal" | "vip";
  region?: string;
  customerExternalId?: string;
  phone?: string;
  shopRefunds?: boolean;
  now?: Date;
} = {}) {
  sequence += 1;
  const orderNo = `T${Date.now().toString(36)}${sequence}`;
  const input = upsertOrderSchema.parse({
    customer: { externalId: customerExternalId ?? `CU-${orderNo}`, name: `客户${sequence}`, phone, tier, region },
    items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: amount }],
    amount,
    status: orderStatus,
    placedAt: new Date(now.getTime() - 3_600_000).toISOString(),
    ...(deliveredAt ? { deliveredAt: deliveredAt.toISOString() } : {}),
  });
  await upsertOrder({ db: testDb, orderNo, input, keyring: testKeyring() });
  const { complaint } = await createComplaint({
    db: testDb,
    actor: { type: "shop" },
    input: { orderNo, category, description, imageIds: [] },
    source: "api",
    keyring: testKeyring(),
    shopRefunds,
    now,
  });
  return { id: complaint.id, orderNo, complaint };
}
