import { z } from "zod";
import { readJsonBody, shopRoute } from "@/lib/api/shop-route";
import { h5EntrySchema } from "@/lib/auth/h5-link";
import { issueH5Link } from "@/lib/auth/issue-h5-link";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { orderNoSchema } from "@/lib/orders/order-schemas";
import { parseInput } from "@/lib/validation";

const bodySchema = z.object({ orderNo: orderNoSchema, entry: h5EntrySchema.default("order_detail") });

const readLinkRequest = async (request: Request) => parseInput(bodySchema, await readJsonBody(request));

export const POST = shopRoute(
  "/api/v1/h5-links",
  async ({ body: { orderNo, entry } }) => {
    const env = getEnv();
    const link = await issueH5Link({
      db,
      orderNo,
      entry,
      appUrl: env.APP_URL,
      secret: env.H5_LINK_SECRET,
      ttlHours: env.H5_LINK_TTL_HOURS,
      issuedBy: { type: "shop" },
      via: "shop_api",
    });
    return Response.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, { status: 201 });
  },
  readLinkRequest,
);
