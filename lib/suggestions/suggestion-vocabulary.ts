import type { SuggestionStatus } from "../generated/prisma/enums";

/** What a suggestion is about, tagged by staff (the dashboard and the weekly report count by it). */
export const SUGGESTION_TAGS = [
  "assortment",
  "freshness",
  "packaging",
  "delivery",
  "price",
  "app",
  "service",
  "other",
] as const;

/** new → acknowledged → thanked (the last: the customer has their answer). No SLA clock. */
export const SUGGESTION_STATUSES = ["new", "acknowledged", "thanked"] as const satisfies readonly SuggestionStatus[];
