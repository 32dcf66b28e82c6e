import { recordAudit } from "../audit/record-audit";
import type { Keyring } from "../crypto/field-encryption";
import { settleCustomerTier } from "../customers/customer-tier";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { OrderProgress } from "./order-schemas";

/**
 * The shop reports how an order moves on (PATCH /api/v1/orders/{orderNo}): status, promised and
 * delivery times, a failed payment, the items it could not supply. Only the fields sent change;
 * the same report again changes nothing more (it sets values). An unknown order is not found and
 * an SKU the order does not hold a field error — nothing is written then. Audited with before
 * and after, in the same transaction.
 */
export async function updateOrderProgress({
  db,
  orderNo,
  progress,
  keyring,
}: {
  db: Db;
  orderNo: string;
  progress: OrderProgress;
  keyring: Keyring;
}): Promise<{ orderNo: string }> {
  return db.$transaction(async (tx) => {
    // The order row's lock, as every writer of an order takes it (lib/orders/upsert-order.ts).
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM orders WHERE order_no = ${orderNo} FOR NO KEY UPDATE`;
    if (!locked) throw new AppError("order_not_found");
    const before = await tx.order.findUniqueOrThrow({
      where: { id: locked.id },
      select: {
        customerId: true,
        status: true,
        promisedAt: true,
        deliveredAt: true,
        paymentFailed: true,
        items: { select: { id: true, outOfStock: true, product: { select: { sku: true } } } },
      },
    });
    const skus = new Set(before.items.map((item) => item.product.sku));
    const unknown = (progress.outOfStockSkus ?? []).findIndex((sku) => !skus.has(sku));
    if (unknown >= 0)
      throw new AppError("validation_failed", { fields: [{ path: `outOfStockSkus.${unknown}`, code: "invalid" }] });

    const { outOfStockSkus, ...fields } = progress;
    await tx.order.update({ where: { id: locked.id }, data: fields });
    if (outOfStockSkus) {
      const missing = new Set(outOfStockSkus);
      for (const item of before.items) {
        const outOfStock = missing.has(item.product.sku);
        if (item.outOfStock !== outOfStock) await tx.orderItem.update({ where: { id: item.id }, data: { outOfStock } });
      }
    }
    const outOfStockBefore = before.items
      .filter((i) => i.outOfStock)
      .map((i) => i.product.sku)
      .sort();
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "shop" },
        action: "order.progress",
        target: { type: "order", id: locked.id },
        before: {
          status: before.status,
          promisedAt: before.promisedAt?.toISOString() ?? null,
          deliveredAt: before.deliveredAt?.toISOString() ?? null,
          paymentFailed: before.paymentFailed,
          outOfStockSkus: outOfStockBefore,
        },
        after: {
          ...Object.fromEntries(
            Object.entries(fields).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
          ),
          ...(outOfStockSkus ? { outOfStockSkus: [...outOfStockSkus].sort() } : {}),
        },
      },
    });
    // A cancelled or refunded order no longer counts towards the customer's spend (and the other way round).
    if (fields.status && fields.status !== before.status)
      await settleCustomerTier({ tx, customerId: before.customerId, keyring, actor: { type: "shop" } });
    return { orderNo };
  });
}
