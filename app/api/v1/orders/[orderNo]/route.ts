import { z } from "zod";
import { readJsonBody, shopRoute } from "@/lib/api/shop-route";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { orderNoSchema, orderProgressSchema, upsertOrderSchema } from "@/lib/orders/order-schemas";
import { updateOrderProgress } from "@/lib/orders/update-order-progress";
import { upsertOrder } from "@/lib/orders/upsert-order";
import { parseInput } from "@/lib/validation";

const readOrderRequest = async (request: Request) => parseInput(upsertOrderSchema, await readJsonBody(request));

export const PUT = shopRoute<{ orderNo: string }, z.output<typeof upsertOrderSchema>>(
  "/api/v1/orders/{orderNo}",
  async ({ params, body: input }) => {
    const { orderNo } = parseInput(z.object({ orderNo: orderNoSchema }), { orderNo: params.orderNo });
    const result = await upsertOrder({ db, orderNo, input, keyring: appKeyring() });
    return Response.json({ orderNo: result.orderNo, created: result.created }, { status: result.created ? 201 : 200 });
  },
  readOrderRequest,
);

const readProgressRequest = async (request: Request) => parseInput(orderProgressSchema, await readJsonBody(request));

/** The order's progress (status, times, a failed payment, items not supplied): only what changed. */
export const PATCH = shopRoute<{ orderNo: string }, z.output<typeof orderProgressSchema>>(
  "/api/v1/orders/{orderNo}",
  async ({ params, body: progress }) => {
    const { orderNo } = parseInput(z.object({ orderNo: orderNoSchema }), { orderNo: params.orderNo });
    return Response.json(await updateOrderProgress({ db, orderNo, progress, keyring: appKeyring() }));
  },
  readProgressRequest,
);
