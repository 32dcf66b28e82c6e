import { randomUUID } from "node:crypto";
import { sealOrderAmount, sealUnitPrice } from "../../lib/orders/order-amount";
import { PRODUCTS } from "./products";
import type { Db } from "../../lib/db-client";
import { createComplaint } from "../../lib/complaints/create-complaint";
import type { Category } from "../../lib/complaints/vocabulary/taxonomy";
import { encryptField, type Keyring } from "../../lib/crypto/field-encryption";

/** Deterministic pseudo-random numbers, so every fresh demo looks the same. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const CUSTOMERS: [string, string, "normal" | "vip", string, string][] = [
  ["CU-1001", "王芳", "vip", "上海", "13800001001"],
  ["CU-1002", "李娜", "normal", "上海", "13800001002"],
  ["CU-1003", "张伟", "normal", "北京", "13800001003"],
  ["CU-1004", "刘洋", "vip", "北京", "13800001004"],
  ["CU-1005", "陈静", "normal", "广州", "13800001005"],
  ["CU-1006", "杨磊", "normal", "广州", "13800001006"],
  ["CU-1007", "赵敏", "vip", "深圳", "13800001007"],
  ["CU-1008", "黄强", "normal", "深圳", "13800001008"],
  ["CU-1009", "周婷", "normal", "杭州", "13800001009"],
  ["CU-1010", "吴昊", "normal", "杭州", "13800001010"],
  ["CU-1011", "徐丽", "normal", "成都", "13800001011"],
  ["CU-1012", "孙杰", "normal", "成都", "13800001012"],
];

const COMPLAINTS: [number, Category, string][] = [
  [3, "product.quality", "收到的芒果有两个已经烂了，还有一股酸味。"],
  [7, "delivery.late", "承诺下午六点前送达，结果晚上九点才到。"],
  [11, "product.short_weight", "买的是5kg苹果，称了一下只有4.3kg，缺斤少两。"],
  [15, "service.attitude", "配送员态度很差，还把东西扔在门口。"],
  [19, "order.payment", "同一笔订单被扣了两次款，请尽快退回。"],
  [23, "delivery.damaged", "包装破了，草莓压坏了一半。"],
];

const DEMO_ORDER_COUNT = 50;

/**
 * Demo data for an empty database: products, customers (3 VIPs) in six regions, 50 orders over
 * the last 30 days and a few complaints filed through the real intake (so they are triaged).
 * Returns null when the database already has customers (never seeds twice).
 */
export async function seedDemoIfEmpty({ db, keyring, now = new Date() }: { db: Db; keyring: Keyring; now?: Date }) {
  if ((await db.customer.count()) > 0) return null;
  const rand = random(20261122);

  const products = await Promise.all(
    PRODUCTS.map(([sku, name]) => db.product.create({ data: { sku, name }, select: { id: true } })),
  );
  const customers = await Promise.all(
    CUSTOMERS.map(([externalId, name, tier, region, phone]) =>
      db.customer.create({
        data: {
          externalId,
          name,
          tier,
          // The demo's shop says who is VIP (its spend would not reach the threshold).
          tierSource: "shop",
          region,
          contactEnc: encryptField({
            plaintext: phone,
            context: { column: "customers.contact_enc", row: externalId },
            keyring,
          }),
        },
        select: { id: true, region: true },
      }),
    ),
  );

  const orderNos: string[] = [];
  for (let index = 0; index < DEMO_ORDER_COUNT; index += 1) {
    const customer = customers[index % customers.length];
    const placedAt = new Date(now.getTime() - Math.floor(rand() * 30 * 86_400_000) - 3_600_000);
    // Every fifth order is a single cheap item, so the out-of-stock auto-refund can be tried.
    const lineCount = index % 5 === 0 ? 1 : 1 + Math.floor(rand() * 3);
    const lines = Array.from({ length: lineCount }, (_, line) => {
      const productIndex = index % 5 === 0 ? 8 + (index % 3) : Math.floor(rand() * PRODUCTS.length);
      return { productIndex: (productIndex + line) % PRODUCTS.length, quantity: 1 + Math.floor(rand() * 2) };
    }).filter((line, i, all) => all.findIndex((other) => other.productIndex === line.productIndex) === i);
    const amountFen = lines.reduce((sum, line) => sum + PRODUCTS[line.productIndex][2] * line.quantity, 0);
    const orderNo = `SO${placedAt.toISOString().slice(0, 10).replace(/-/g, "")}${String(1000 + index)}`;
    orderNos.push(orderNo);
    await db.order.create({
      data: {
        orderNo,
        customerId: customer.id,
        ...sealOrderAmount({ fen: amountFen, orderNo, keyring }),
        status: "delivered",
        region: customer.region,
        placedAt,
        promisedAt: new Date(placedAt.getTime() + 4 * 3_600_000),
        deliveredAt: new Date(placedAt.getTime() + (3 + rand() * 4) * 3_600_000),
        items: {
          create: lines.map((line, position) => {
            const id = randomUUID();
            return {
              id,
              productId: products[line.productIndex].id,
              name: PRODUCTS[line.productIndex][1],
              quantity: String(line.quantity),
              ...sealUnitPrice({ fen: PRODUCTS[line.productIndex][2], itemId: id, keyring }),
              position,
            };
          }),
        },
      },
    });
  }

  for (const [orderIndex, category, description] of COMPLAINTS) {
    await createComplaint({
      db,
      actor: { type: "shop" },
      input: { orderNo: orderNos[orderIndex], category, description, imageIds: [] },
      source: "api",
      keyring,
      now: new Date(now.getTime() - orderIndex * 3_600_000),
    });
  }

  const complained = new Set(COMPLAINTS.map(([index]) => index));
  // The order to try first: a cheap one without a complaint (index 0 is a single cheap item).
  const demoOrderNo = orderNos.find((_, index) => index % 5 === 0 && !complained.has(index))!;
  return { demoOrderNo, orders: orderNos.length, complaints: COMPLAINTS.length };
}
