import { createHash } from "node:crypto";
import { complaintSummaryJson } from "@/lib/api/complaint-json";
import { readJsonBody, requireIdempotencyKey, shopRoute } from "@/lib/api/shop-route";
import { apiComplaintSchema } from "@/lib/complaints/complaint-schemas";
import { createComplaint } from "@/lib/complaints/create-complaint";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/validation";

/** Everything that can be refused without the database: the key's shape, the JSON, the fields. */
async function readComplaintRequest(request: Request) {
  const key = requireIdempotencyKey(request);
  const input = parseInput(apiComplaintSchema, await readJsonBody(request));
  return { key, input };
}

export const POST = shopRoute(
  "/api/v1/complaints",
  async ({ body: { key, input }, ownHit }) => {
    const { complaint, replayed } = await createComplaint({
      db,
      // The shop key's hit, counted in intake's first statement (a repeat counts too, as on every route).
      rateLimit: { hits: ownHit ? [ownHit] : [], countRepeats: true },
      actor: { type: "shop" },
      input: {
        orderNo: input.orderNo,
        category: input.category,
        description: input.description,
        contact: input.contact,
        imageIds: input.images,
      },
      source: "api",
      idempotency: { key: `api:${key}`, requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex") },
      keyring: appKeyring(),
      shopRefunds: Boolean(getEnv().SHOP_REFUND_URL),
    });
    return Response.json(complaintSummaryJson(complaint), {
      status: 201,
      headers: replayed ? { "idempotent-replayed": "true" } : {},
    });
  },
  readComplaintRequest,
  { countsOwnHit: true },
);
