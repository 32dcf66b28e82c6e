import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db-client";
import { encryptField, type Keyring } from "../crypto/field-encryption";
import { settleCustomerTier } from "../customers/customer-tier";
import { scoreSentOrder } from "../risk/score-orders";
import { sealOrderAmount, sealUnitPrice } from "./order-amount";
import type { UpsertOrderInput } from "./order-schemas";

/**
 * The shop is the source of truth for orders: create or replace the order, its items, its
 * customer and the products it mentions, all in one transaction.
 */
export async function upsertOrder({
  db,
  orderNo,
  input,
  keyring,
}: {
  db: Db;
  orderNo: string;
  input: UpsertOrderInput;
  keyring: Keyring;
}): Promise<{ created: boolean; orderNo: string; customerId: string }> {
  const stored = await db.$transaction(async (tx) => {
    const { customer: c } = input;
    // The order row first, then its customer: the lock order every compensation takes
    // (lib/compensation/order-ledger.ts), so a re-sent order and a staff grant cannot deadlock.
    const [held] = await tx.$queryRaw<{ previous: string; next: string | null }[]>`
      SELECT o.customer_id AS previous, (SELECT id FROM customers WHERE external_id = ${c.externalId}) AS next
      FROM orders o WHERE o.order_no = ${orderNo} FOR NO KEY UPDATE OF o`;
    // An order moving to another customer locks both (their tiers are settled below) in id order:
    // two orders moving in opposite directions at once would otherwise each hold one and wait.
    if (held?.next && held.next !== held.previous)
      await tx.$queryRaw`SELECT id FROM customers WHERE id IN (${held.previous}::uuid, ${held.next}::uuid) ORDER BY id FOR NO KEY UPDATE`;
    const contactEnc = c.phone
      ? encryptField({ plaintext: c.phone, context: { column: "customers.contact_enc", row: c.externalId }, keyring })
      : undefined;
    const customer = await tx.customer.upsert({
      where: { externalId: c.externalId },
      create: {
        externalId: c.externalId,
        name: c.name,
        region: c.region,
        tier: c.tier ?? "normal",
        tierSource: c.tier ? "shop" : "spend",
        contactEnc,
      },
      // The tier is settled below, once the order counts towards the customer's spend.
      update: { name: c.name, region: c.region, ...(contactEnc ? { contactEnc } : {}) },
      select: { id: true },
    });

    // Sequential: a transaction is one connection (queued queries on one pg client are deprecated).
    const products: { id: string }[] = [];
    for (const item of input.items) {
      products.push(
        await tx.product.upsert({
          where: { sku: item.sku },
          create: { sku: item.sku, name: item.name },
          update: { name: item.name },
          select: { id: true },
        }),
      );
    }

    const fields = {
      customerId: customer.id,
      ...sealOrderAmount({ fen: input.amount, orderNo, keyring }),
      status: input.status,
      region: c.region,
      placedAt: input.placedAt,
      promisedAt: input.promisedAt ?? null,
      deliveredAt: input.deliveredAt ?? null,
      paymentFailed: input.paymentFailed ?? false,
    };
    const existing = await tx.order.findUnique({
      where: { orderNo },
      select: { id: true, status: true, customer: { select: { id: true, externalId: true } } },
    });
    const order = existing
      ? await tx.order.update({ where: { id: existing.id }, data: fields, select: { id: true } })
      : await tx.order.create({ data: { orderNo, ...fields }, select: { id: true } });

    await tx.orderItem.deleteMany({ where: { orderId: order.id } });
    await tx.orderItem.createMany({
      data: input.items.map((item, position) => {
        // Chosen here rather than by the database: the price is bound to the item's id.
        const id = randomUUID();
        return {
          id,
          orderId: order.id,
          productId: products[position].id,
          name: item.name,
          quantity: item.quantity,
          outOfStock: item.outOfStock ?? false,
          ...sealUnitPrice({ fen: item.unitPrice, itemId: id, keyring }),
          position,
        };
      }),
    });
    // Moving an order to another customer: its complaints stay with the customer who filed them,
    // but H5 sessions of the old customer lose the order (h5ComplaintScope checks the current
    // owner). Audited as its own action.
    const moved = existing !== null && existing.customer.id !== customer.id;
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "shop" },
        action: !existing ? "order.created" : moved ? "order.customer_changed" : "order.replaced",
        target: { type: "order", id: order.id },
        ...(existing ? { before: { status: existing.status, customer: existing.customer.externalId } } : {}),
        after: { orderNo, status: input.status, customer: c.externalId, items: input.items.length },
      },
    });
    // The tier: the shop's word, or the last 12 months' spend (lib/customers/customer-tier.ts) —
    // also the previous customer's, when the order moved away from them.
    await settleCustomerTier({ tx, customerId: customer.id, shopTier: c.tier, keyring, actor: { type: "shop" } });
    if (moved) await settleCustomerTier({ tx, customerId: existing.customer.id, keyring, actor: { type: "shop" } });
    return { created: !existing, orderNo, customerId: customer.id, orderId: order.id };
  });
  // Scored by the high-risk order model as it arrives (lib/risk), right after the order is stored:
  // outside its transaction, so the order's locks are not held for it, and a failed score leaves
  // the order unscored (the watch workflow scores it within 15 minutes) instead of failing the shop's call.
  await scoreSentOrder({ db, orderId: stored.orderId }).catch((error: unknown) =>
    console.warn(`[risk] order ${orderNo} not scored: ${error instanceof Error ? error.message : String(error)}`),
  );
  return { created: stored.created, orderNo: stored.orderNo, customerId: stored.customerId };
}
