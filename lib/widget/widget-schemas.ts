import { z } from "zod";
import { orderNoSchema } from "../orders/order-schemas";
import { WIDGET_PAGES } from "./issue-widget-ticket";

/** POST /api/v1/widget-sessions: the shop's own customer id, and where the widget sits. */
export const widgetSessionSchema = z
  .object({
    customerId: z.string().trim().min(1).max(64),
    orderNo: orderNoSchema.optional(),
    page: z.enum(WIDGET_PAGES).optional(),
  })
  .transform(({ page, ...rest }) => ({
    ...rest,
    page: page ?? (rest.orderNo ? ("order" as const) : ("cart" as const)),
  }));
