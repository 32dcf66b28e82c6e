import type { Db } from "../db/create-client";
import { AppError } from "../errors";
import { decimalToFen } from "../money";

/** An order as its own customer sees it on the H5 form; someone else's order is refused. */
export async function getCustomerOrder({ db, customerId, orderNo }: { db: Db; customerId: string; orderNo: string }) {
  const order = await db.order.findUnique({
    where: { orderNo },
    select: {
      orderNo: true,
      customerId: true,
      amount: true,
      status: true,
      placedAt: true,
      items: { select: { name: true, quantity: true, unitPrice: true }, orderBy: { position: "asc" } },
    },
  });
  if (!order) throw new AppError("order_not_found");
  if (order.customerId !== customerId) throw new AppError("order_not_owned");
  return {
    orderNo: order.orderNo,
    amountFen: decimalToFen(order.amount),
    status: order.status,
    placedAt: order.placedAt,
    items: order.items.map((item) => ({ name: item.name, quantity: Number(item.quantity.toString()), unitPriceFen: decimalToFen(item.unitPrice) })),
  };
}

export async function listCustomerOrders({ db, customerId, take = 20 }: { db: Db; customerId: string; take?: number }) {
  const orders = await db.order.findMany({
    where: { customerId },
    orderBy: { placedAt: "desc" },
    take,
    select: { orderNo: true, amount: true, placedAt: true, status: true, items: { select: { name: true }, orderBy: { position: "asc" }, take: 3 } },
  });
  return orders.map((order) => ({ ...order, amountFen: decimalToFen(order.amount), itemNames: order.items.map((item) => item.name) }));
}
