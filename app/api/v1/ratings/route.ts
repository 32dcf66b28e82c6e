import { createHash } from "node:crypto";
import { readJsonBody, requireIdempotencyKey, shopRoute } from "@/lib/api/shop-route";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { apiRatingSchema } from "@/lib/ratings/rating-schemas";
import { submitRating } from "@/lib/ratings/submit-rating";
import { parseInput } from "@/lib/validation";

/** Everything that can be refused without the database: the key's shape, the JSON, the fields. */
async function readRatingRequest(request: Request) {
  const key = requireIdempotencyKey(request);
  const input = parseInput(apiRatingSchema, await readJsonBody(request));
  return { key, input };
}

/**
 * The order-completed page's rating module, sent by the shop's backend: stars, tags, text, photos and a video.
 * At or below the configured stars it becomes a complaint (`complaintId` in the answer).
 */
export const POST = shopRoute(
  "/api/v1/ratings",
  async ({ body: { key, input } }) => {
    const { images, locale, ...rating } = input;
    const outcome = await submitRating({
      db,
      actor: { type: "shop" },
      input: { ...rating, imageIds: images },
      locale,
      source: "api",
      idempotency: { key: `api:${key}`, requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex") },
      keyring: appKeyring(),
      shopRefunds: Boolean(getEnv().SHOP_REFUND_URL),
    });
    return Response.json(
      { id: outcome.ratingId, stars: outcome.stars, complaintId: outcome.complaintId },
      { status: 201, headers: outcome.replayed ? { "idempotent-replayed": "true" } : {} },
    );
  },
  readRatingRequest,
);
