import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Keyring } from "../crypto/field-encryption";
import { orderAnomalies } from "./order-anomalies";
import { orderAmountFen, STORED_AMOUNT, STORED_UNIT_PRICE, unitPriceFen } from "./order-amount";

/**
 * An order as its own customer sees it on the H5 form, with what is wrong with it now (the fast
 * lanes the page offers); someone else's order is refused.
 */
export async function getCustomerOrder({
  db,
  customerId,
  orderNo,
  keyring,
  now = new Date(),
}: {
  db: Db;
  customerId: string;
  orderNo: string;
  keyring: Keyring;
  now?: Date;
}) {
  const order = await db.order.findUnique({
    where: { orderNo },
    select: {
      customerId: true,
      ...STORED_AMOUNT,
      status: true,
      placedAt: true,
      promisedAt: true,
      deliveredAt: true,
      paymentFailed: true,
      items: {
        select: { name: true, quantity: true, outOfStock: true, ...STORED_UNIT_PRICE },
        orderBy: { position: "asc" },
      },
    },
  });
  if (!order) throw new AppError("order_not_found");
  if (order.customerId !== customerId) throw new AppError("order_not_owned");
  return {
    orderNo: order.orderNo,
    amountFen: orderAmountFen(order, keyring),
    status: order.status,
    placedAt: order.placedAt,
    anomalies: orderAnomalies({ order, now }),
    items: order.items.map((item) => ({
      name: item.name,
      quantity: Number(item.quantity.toString()),
      unitPriceFen: unitPriceFen(item, keyring),
      outOfStock: item.outOfStock,
    })),
  };
}
