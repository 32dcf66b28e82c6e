/**
 * What is known about an order when the shop sends it — the only things the risk model may use, so
 * that a score is the same at sending time as in training (nothing from after the order was placed).
 * Not the customer's tier: it is recomputed from 12 months of spend, so today's tier would tell the
 * model about orders placed after the one it scores.
 */
export type OrderFacts = {
  region: string;
  placedAt: Date;
  promisedAt: Date | null;
  amountBand: string;
  items: number;
  productIds: string[];
  /** The customer's orders and complaints before this order was placed. */
  priorOrders: number;
  priorComplaints: number;
  lastComplaintAt: Date | null;
};

/**
 * Complaint rates learned from the training window only (a region's, a product's), smoothed
 * towards the overall rate so a region with three orders does not look certain.
 */
export type RiskEncodings = { base: number; region: Record<string, number>; product: Record<string, number> };

/** Why an order scores high, as the page and the robots say it (message keys `risk.reasons.*`). */
export type RiskReason =
  | "region"
  | "product"
  | "tight_promise"
  | "evening_promise"
  | "weekend"
  | "complained_before"
  | "new_customer"
  | "many_items"
  | "amount";

const logit = (p: number) => Math.log(p / (1 - p));
const clampRate = (p: number) => Math.min(0.999, Math.max(0.001, p));
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Each feature's value and the reason it stands for. Values are bounded (about −3…3). */
export function riskFeatures({
  facts,
  encodings,
}: {
  facts: OrderFacts;
  encodings: RiskEncodings;
}): { name: string; value: number; reason: RiskReason }[] {
  const base = logit(clampRate(encodings.base));
  const regionRate = encodings.region[facts.region];
  const productRates = facts.productIds.map((id) => encodings.product[id]).filter((r) => r !== undefined);
  const local = new Date(facts.placedAt.getTime() + SHANGHAI_OFFSET_MS);
  const promisedHours = facts.promisedAt ? (facts.promisedAt.getTime() - facts.placedAt.getTime()) / 3_600_000 : null;
  const promisedLocalHour = facts.promisedAt
    ? new Date(facts.promisedAt.getTime() + SHANGHAI_OFFSET_MS).getUTCHours()
    : null;
  const daysSinceComplaint = facts.lastComplaintAt
    ? (facts.placedAt.getTime() - facts.lastComplaintAt.getTime()) / 86_400_000
    : null;
  const features: { name: string; value: number; reason: RiskReason }[] = [
    {
      name: "region_rate",
      value: regionRate === undefined ? 0 : logit(clampRate(regionRate)) - base,
      reason: "region",
    },
    {
      name: "product_rate",
      value: productRates.length ? logit(clampRate(Math.max(...productRates))) - base : 0,
      reason: "product",
    },
    { name: "tight_promise", value: promisedHours !== null && promisedHours < 4 ? 1 : 0, reason: "tight_promise" },
    {
      name: "promise_hours",
      value: promisedHours === null ? 0 : Math.min(72, Math.max(0, promisedHours)) / 24,
      reason: "tight_promise",
    },
    { name: "no_promise", value: promisedHours === null ? 1 : 0, reason: "tight_promise" },
    {
      name: "evening_promise",
      value: promisedLocalHour !== null && promisedLocalHour >= 18 ? 1 : 0,
      reason: "evening_promise",
    },
    { name: "weekend", value: local.getUTCDay() === 0 || local.getUTCDay() === 6 ? 1 : 0, reason: "weekend" },
    { name: "prior_orders", value: Math.log1p(facts.priorOrders) / 3, reason: "new_customer" },
    { name: "first_order", value: facts.priorOrders === 0 ? 1 : 0, reason: "new_customer" },
    { name: "prior_complaints", value: Math.log1p(facts.priorComplaints), reason: "complained_before" },
    {
      name: "complaint_share",
      value: facts.priorComplaints / (facts.priorOrders + 1),
      reason: "complained_before",
    },
    {
      name: "recent_complaint",
      value: daysSinceComplaint !== null && daysSinceComplaint <= 30 ? 1 : 0,
      reason: "complained_before",
    },
    { name: "items", value: Math.min(10, facts.items) / 5, reason: "many_items" },
    { name: `band:${facts.amountBand}`, value: 1, reason: "amount" },
  ];
  return features;
}
