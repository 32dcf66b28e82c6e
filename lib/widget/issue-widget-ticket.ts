import { createH5LinkToken, newH5LinkId, type H5Entry } from "../auth/h5-link";
import { sealToken } from "../auth/sealed-token";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { orderAnomalies, type OrderAnomaly } from "../orders/order-anomalies";

/** Where the widget sits on the shop's page: an order's page, the cart ("帮助"), the service centre. */
export const WIDGET_PAGES = ["order", "cart", "service_center"] as const;
export type WidgetPage = (typeof WIDGET_PAGES)[number];

/** The purpose the ticket is sealed under: a widget ticket opens only /h5/enter?w=. */
export const WIDGET_TICKET_PURPOSE = "widget-ticket";

/**
 * A ticket is in the shop's page, where the page's other scripts can read it: it must not be worth
 * much for long. Two hours covers a page left open while shopping; it is single-use (its jti
 * becomes the session's), and the session it opens has the usual idle and absolute limits.
 */
const WIDGET_TICKET_HOURS = 2;

const ENTRY: Record<WidgetPage, H5Entry> = {
  order: "order_detail",
  cart: "cart_help",
  service_center: "service_center",
};

/**
 * The ticket the shop's backend asks for while it renders a page for its signed-in customer: a
 * sealed H5 link (lib/auth/sealed-token.ts) whose session covers the customer's recent orders,
 * landing on the page's order — or, from the cart and service centre, on the H5 home. Nothing is
 * written here: shop pages render far more often than customers open the widget; the session the
 * ticket opens is audited (`h5.session_started`, with the ticket's jti).
 *
 * When the order (named, or else the customer's latest) is in trouble — late, an item not
 * supplied, payment failed — the answer names the anomaly, and the widget offers that fast lane.
 */
export async function issueWidgetTicket({
  db,
  customerExternalId,
  orderNo,
  page,
  secret,
  now = new Date(),
}: {
  db: Db;
  customerExternalId: string;
  orderNo?: string;
  page: WidgetPage;
  secret: string;
  now?: Date;
}): Promise<{ ticket: string; expiresAt: Date; anomaly: OrderAnomaly | null; orderNo: string }> {
  const customer = await db.customer.findUnique({ where: { externalId: customerExternalId }, select: { id: true } });
  if (!customer) throw new AppError("customer_not_found");
  const order = await db.order.findFirst({
    where: { customerId: customer.id, ...(orderNo ? { orderNo } : {}) },
    orderBy: { placedAt: "desc" },
    select: {
      orderNo: true,
      status: true,
      promisedAt: true,
      deliveredAt: true,
      paymentFailed: true,
      items: { select: { outOfStock: true } },
    },
  });
  // A named order that is not this customer's is as unknown as one that does not exist.
  if (!order) throw new AppError(orderNo ? "order_not_found" : "customer_has_no_orders");
  const anomaly = orderAnomalies({ order, now })[0] ?? null;
  const expiresAt = new Date(now.getTime() + WIDGET_TICKET_HOURS * 3_600_000);
  const token = createH5LinkToken({
    orderNo: order.orderNo,
    customerId: customer.id,
    // A fast lane lands on the order's form, which offers the lane with its type chosen.
    entry: anomaly ? "order_detail" : ENTRY[page],
    expiresAt,
    secret,
    jti: newH5LinkId(),
    recentOrders: true,
  });
  return {
    ticket: sealToken({ token, secret, purpose: WIDGET_TICKET_PURPOSE }),
    expiresAt,
    anomaly,
    orderNo: order.orderNo,
  };
}
