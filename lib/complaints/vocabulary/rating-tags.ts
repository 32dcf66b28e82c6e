import type { Category } from "./taxonomy";

/**
 * What a customer can tick on a rating (seed 001: 配送时效, 商品新鲜度, 客服响应 …), each the
 * complaint subtype it stands for: a low rating becomes a complaint of its first ticked tag's
 * subtype, so the taxonomy stays the one vocabulary. Order matters: the first that applies wins.
 */
export const RATING_TAG_CATEGORY = {
  freshness: "product.quality",
  weight: "product.short_weight",
  as_described: "product.mismatch",
  delivery_time: "delivery.late",
  packaging: "delivery.damaged",
  service_response: "service.slow",
  service_attitude: "service.attitude",
  price: "order.price",
} as const satisfies Record<string, Category>;

export type RatingTag = keyof typeof RATING_TAG_CATEGORY;
export const RATING_TAGS = Object.keys(RATING_TAG_CATEGORY) as RatingTag[];

export function isRatingTag(value: unknown): value is RatingTag {
  return typeof value === "string" && Object.hasOwn(RATING_TAG_CATEGORY, value);
}
