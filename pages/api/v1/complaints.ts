import { createHash } from "node:crypto";
import { complaintSummaryJson } from "@/lib/api/complaint-json";
import { shopNodeRoute } from "@/lib/api/node-route";
import type { JsonAnswer } from "@/lib/api/problem";
import { readJsonBody, requireIdempotencyKey, type ApiRequest } from "@/lib/api/shop-route";
import { apiComplaintSchema } from "@/lib/complaints/complaint-schemas";
import { createComplaint } from "@/lib/complaints/create-complaint";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/validation";

/**
 * POST /api/v1/complaints, the shop's intake. One of the two routes under pages/ (the other is the
 * H5 form's, pages/api/h5/complaints.ts): Next's Pages Router hands it Node's request and response,
 * without the web Request and Response every App Router route pays for (lib/api/node-route.ts says
 * what that costs). Its sibling GET /api/v1/complaints/{id} and every other route stay in app/.
 */

// The route reads its own body (readJsonBody: content type, size limit, translated errors).
export const config = { api: { bodyParser: false } };

/** Everything that can be refused without the database: the key's shape, the JSON, the fields. */
async function readComplaintRequest(request: ApiRequest) {
  const key = requireIdempotencyKey(request);
  const input = parseInput(apiComplaintSchema, await readJsonBody(request));
  return { key, input };
}

export default shopNodeRoute({
  route: "/api/v1/complaints",
  method: "POST",
  readBody: readComplaintRequest,
  // The shop key's hit, counted in intake's first statement (a repeat counts too, as on every route).
  countsOwnHit: true,
  handler: async ({ body: { key, input }, ownHit }): Promise<JsonAnswer> => {
    const { complaint, replayed } = await createComplaint({
      db,
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
    return {
      status: 201,
      headers: replayed ? { "idempotent-replayed": "true" } : {},
      body: complaintSummaryJson(complaint),
    };
  },
});
