import type { Db } from "../db/create-client";
import { AppError } from "../errors";
import type { Keyring } from "../crypto/field-encryption";
import { orderAmountFen, STORED_AMOUNT, STORED_UNIT_PRICE, unitPriceFen } from "./order-amount";

/** An order as its own customer sees it on the H5 form; someone else's order is refused. */
export async function getCustomerOrder({ db, customerId, orderNo, keyring }: { db: Db; customerId: string; orderNo: string; keyring: Keyring }) {
  const order = await db.order.findUnique({
    where: { orderNo },
    select: {
      customerId: true,
      ...STORED_AMOUNT,
      status: true,
      placedAt: true,
      items: { select: { name: true, quantity: true, ...STORED_UNIT_PRICE }, orderBy: { position: "asc" } },
    },
  });
  if (!order) throw new AppError("order_not_found");
  if (order.customerId !== customerId) throw new AppError("order_not_owned");
  return {
    orderNo: order.orderNo,
    amountFen: orderAmountFen(order, keyring),
    status: order.status,
    placedAt: order.placedAt,
    items: order.items.map((item) => ({ name: item.name, quantity: Number(item.quantity.toString()), unitPriceFen: unitPriceFen(item, keyring) })),
  };
}

export async function listCustomerOrders({ db, customerId, keyring, take = 20 }: { db: Db; customerId: string; keyring: Keyring; take?: number }) {
  const orders = await db.order.findMany({
    where: { customerId },
    orderBy: { placedAt: "desc" },
    take,
    select: { ...STORED_AMOUNT, placedAt: true, status: true, items: { select: { name: true }, orderBy: { position: "asc" }, take: 3 } },
  });
  return orders.map(({ amountEnc, legacyAmount, ...order }) => ({ ...order, amountFen: orderAmountFen({ orderNo: order.orderNo, amountEnc, legacyAmount }, keyring), itemNames: order.items.map((item) => item.name) }));
}
