import { z } from "zod";
import { readJsonBody, shopRoute } from "@/lib/api/shop-route";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { orderNoSchema, upsertOrderSchema } from "@/lib/orders/order-schemas";
import { upsertOrder } from "@/lib/orders/upsert-order";
import { parseInput } from "@/lib/validation";

export const PUT = shopRoute<{ orderNo: string }>("/api/v1/orders/{orderNo}", async ({ request, params }) => {
  const { orderNo } = parseInput(z.object({ orderNo: orderNoSchema }), { orderNo: params.orderNo });
  const input = parseInput(upsertOrderSchema, await readJsonBody(request));
  const result = await upsertOrder({ db, orderNo, input, keyring: appKeyring() });
  return Response.json({ orderNo: result.orderNo, created: result.created }, { status: result.created ? 201 : 200 });
});
