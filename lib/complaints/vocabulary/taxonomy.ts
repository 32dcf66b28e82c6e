/**
 * The complaint taxonomy: 4 groups × 12 subtypes. Codes are stable identifiers stored in the
 * database and used by the shop API; labels live in the message files under `taxonomy.`.
 */
export const CATEGORY_GROUPS = ["product", "order", "delivery", "service"] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export const CATEGORIES = [
  "product.quality",
  "product.mismatch",
  "product.short_weight",
  "product.out_of_stock",
  "order.payment",
  "order.cancellation",
  "order.price",
  "delivery.late",
  "delivery.wrong",
  "delivery.damaged",
  "service.attitude",
  "service.slow",
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}

export function groupOf(category: Category): CategoryGroup {
  return category.split(".")[0] as CategoryGroup;
}

export function categoriesIn(group: CategoryGroup): Category[] {
  return CATEGORIES.filter((category) => groupOf(category) === group);
}
