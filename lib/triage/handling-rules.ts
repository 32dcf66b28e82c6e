import { z } from "zod";
import { CATEGORIES, type Category } from "../complaints/vocabulary/taxonomy";
import { GROUP_CODE_PATTERN } from "../complaints/vocabulary/handling-groups";
import { ORDER_STATUSES, PRIORITIES, TIERS, type Tier } from "../complaints/vocabulary/terms";
import { OrderStatus } from "../generated/prisma/enums";
import { TEXT_SIGNALS } from "./text-urgency";

/**
 * The handling rules as data (issue 16, point 1): a version is a list of rules, each a condition
 * over the complaint and its order and an action. Stored in `handling_rule_versions` (the latest
 * activated one is in force, lib/triage/rule-versions.ts), read by intake with the rest of its
 * context, evaluated here. Conditions: subtypes, order statuses, an amount band, tiers, text
 * signals, the customer's history (recent complaints, last CSAT), hours since delivery. Actions: a
 * refund of the order, a coupon or points offered, a priority, a handling group, a reply template.
 * Version 1 is the rule that used to be code: out of stock on a shipped or delivered order under
 * ¥50 → refund the order.
 */

// Money rules may not exceed this: an automatic refund is for small, obvious cases (seed 000's
// ¥50 example); anything larger is a person's decision.
const AUTO_REFUND_CAP_FEN = 200_00;
// A refund rule covers a few subtypes at most, and a version's refund rules half the taxonomy at
// most: rules that would refund nearly every complaint are a mistake, not a policy.
const MAX_REFUND_CATEGORIES = 4;
const MAX_REFUND_CATEGORIES_PER_VERSION = CATEGORIES.length / 2;
// Only orders the customer paid for can give money back.
const REFUNDABLE_STATUSES = [OrderStatus.paid, OrderStatus.shipped, OrderStatus.delivered] as const;

const distinct = <T>(list: T[]) => new Set(list).size === list.length;

// Offers a rule may make on its own: small gestures, within the compensation caps at intake.
const RULE_COUPON_CAP_FEN = 50_00;
const RULE_POINTS_CAP = 5_000;
const MAX_COUPON_VALID_DAYS = 90;
// The customer's history a rule may read: their complaints in the 30 days before this one.
export const HISTORY_DAYS = 30;
/**
 * The most earlier complaints a rule may ask for. Intake counts no further (a count capped here
 * decides every rule exactly), so a wave of thousands on one customer costs each intake the same.
 */
export const MAX_RECENT_COMPLAINTS = 50;

const conditions = z.object({
  categories: z.array(z.enum(CATEGORIES)).min(1).max(CATEGORIES.length).refine(distinct, "duplicate_value"),
  /** Order statuses the rule applies to; all when absent (a refund rule must name them). */
  orderStatuses: z.array(z.enum(ORDER_STATUSES)).min(1).refine(distinct, "duplicate_value").optional(),
  /** Orders strictly below this amount qualify (a refund rule must have one). */
  belowOrderAmountFen: z.number().int().min(1).optional(),
  /** Orders at or above this amount qualify (an amount band with `belowOrderAmountFen`). */
  atLeastOrderAmountFen: z.number().int().min(0).optional(),
  /** Customer tiers the rule applies to; all when absent. */
  tiers: z.array(z.enum(TIERS)).min(1).refine(distinct, "duplicate_value").optional(),
  /** Any of these signals in the complaint's text (triage's reasons, lib/triage/text-urgency.ts). */
  textSignals: z.array(z.enum(TEXT_SIGNALS)).min(1).refine(distinct, "duplicate_value").optional(),
  /** At least this many earlier complaints by the customer in the 30 days before. */
  minRecentComplaints: z.number().int().min(1).max(MAX_RECENT_COMPLAINTS).optional(),
  /** The customer's last satisfaction answer was at most this (1–5); a customer who never answered does not match. */
  maxLastCsat: z.number().int().min(1).max(5).optional(),
  /** Delivered at most / at least this many hours ago; an order not delivered matches neither. */
  maxHoursSinceDelivery: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
  minHoursSinceDelivery: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .optional(),
});

const couponOffer = z.object({
  type: z.literal("offer_coupon"),
  amountFen: z
    .number()
    .int()
    .min(1)
    .refine((fen) => fen <= RULE_COUPON_CAP_FEN, "rule_offer_cap"),
  validDays: z.number().int().min(1).max(MAX_COUPON_VALID_DAYS),
});
const pointsOffer = z.object({
  type: z.literal("offer_points"),
  points: z
    .number()
    .int()
    .min(1)
    .refine((points) => points <= RULE_POINTS_CAP, "rule_offer_cap"),
});

/** An offer a rule makes on its own (also what a compensation-offer experiment's arms vary, lib/experiments). */
export const offerSchema = z.discriminatedUnion("type", [couponOffer, pointsOffer]);

const action = z.discriminatedUnion("type", [
  z.object({ type: z.literal("refund_order") }),
  couponOffer,
  pointsOffer,
  z.object({ type: z.literal("set_priority"), priority: z.enum(PRIORITIES) }),
  z.object({ type: z.literal("route_to_group"), group: z.string().regex(GROUP_CODE_PATTERN, "group_code") }),
  z.object({ type: z.literal("reply_template"), template: z.string().regex(/^[a-z0-9_.-]{2,40}$/, "template_code") }),
]);

export const RULE_ACTIONS = [
  "refund_order",
  "offer_coupon",
  "offer_points",
  "set_priority",
  "route_to_group",
  "reply_template",
] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

const handlingRule = z
  .object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, "rule_code"), when: conditions, then: action })
  .superRefine(({ when, then }, ctx) => {
    if (
      when.atLeastOrderAmountFen !== undefined &&
      when.belowOrderAmountFen !== undefined &&
      when.atLeastOrderAmountFen >= when.belowOrderAmountFen
    )
      ctx.addIssue({ code: "custom", path: ["when", "atLeastOrderAmountFen"], message: "amount_band" });
    if (then.type !== "refund_order") return;
    // Money back: a few subtypes, paid orders, a small amount — a person decides the rest.
    if (when.categories.length > MAX_REFUND_CATEGORIES)
      ctx.addIssue({ code: "custom", path: ["when", "categories"], message: "refund_rule_categories" });
    if (!when.orderStatuses || when.orderStatuses.some((s) => !(REFUNDABLE_STATUSES as readonly string[]).includes(s)))
      ctx.addIssue({ code: "custom", path: ["when", "orderStatuses"], message: "refund_rule_statuses" });
    if (when.belowOrderAmountFen === undefined || when.belowOrderAmountFen > AUTO_REFUND_CAP_FEN)
      ctx.addIssue({ code: "custom", path: ["when", "belowOrderAmountFen"], message: "refund_rule_cap" });
  });

export type HandlingRule = z.output<typeof handlingRule>;

/** The coupon or points a rule offers, or null for a rule that does something else. */
export function ruleOffer(rule: HandlingRule): z.output<typeof offerSchema> | null {
  return rule.then.type === "offer_coupon" || rule.then.type === "offer_points" ? rule.then : null;
}
type Conditions = HandlingRule["when"];

const intersects = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
  !a || !b || a.some((item) => b.includes(item));

const amountsIntersect = (a: Conditions, b: Conditions) =>
  (a.atLeastOrderAmountFen ?? 0) < (b.belowOrderAmountFen ?? Infinity) &&
  (b.atLeastOrderAmountFen ?? 0) < (a.belowOrderAmountFen ?? Infinity);

/**
 * A rule version: codes unique; no complaint matched by two refund rules (one refund, one reason
 * — judged on subtypes, statuses, tiers and amounts, the other conditions aside, so two rules that
 * differ only in a text signal are refused too); the refund rules together reach a few subtypes.
 */
export const ruleSetSchema = z
  .array(handlingRule)
  .max(50)
  .superRefine((rules, ctx) => {
    const refunds = rules
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) => rule.then.type === "refund_order");
    if (new Set(refunds.flatMap(({ rule }) => rule.when.categories)).size > MAX_REFUND_CATEGORIES_PER_VERSION)
      ctx.addIssue({ code: "custom", path: [], message: "refund_rules_reach" });
    rules.forEach((rule, index) => {
      if (rules.findIndex((other) => other.code === rule.code) !== index)
        ctx.addIssue({ code: "custom", path: [index, "code"], message: "taken" });
    });
    refunds.forEach(({ rule, index }, k) => {
      const overlap = refunds.some(
        ({ rule: other }, j) =>
          j < k &&
          intersects(other.when.categories, rule.when.categories) &&
          intersects(other.when.orderStatuses, rule.when.orderStatuses) &&
          intersects(other.when.tiers, rule.when.tiers) &&
          amountsIntersect(other.when, rule.when),
      );
      if (overlap) ctx.addIssue({ code: "custom", path: [index, "when"], message: "refund_rule_overlap" });
    });
  });

export type RuleSet = { version: number; rules: HandlingRule[] };

// Parsed once per stored text: intake reads the version with every complaint. (Keyed by the text,
// not the number alone, so a test database that reuses a number after a reset is not misread.)
const parsed = new Map<string, HandlingRule[]>();

/**
 * The rules of a stored version as intake read them. A stored version was validated when saved;
 * one that no longer parses (edited by hand in the database) applies no rule rather than a guess.
 */
export function storedRuleSet(stored: { version: number; rules: unknown } | null): RuleSet {
  if (!stored) return { version: 0, rules: [] };
  const key = `${stored.version}:${JSON.stringify(stored.rules)}`;
  let rules = parsed.get(key);
  if (!rules) {
    const result = ruleSetSchema.safeParse(stored.rules);
    rules = result.success ? result.data : [];
    if (!result.success) console.error(`[rules] version ${stored.version} does not parse; no rule applies`);
    if (parsed.size > 100) parsed.clear();
    parsed.set(key, rules);
  }
  return { version: stored.version, rules };
}

/** What intake knows about a complaint when it applies the rules. */
export type RuleFacts = {
  category: Category;
  orderStatus: OrderStatus;
  orderAmountFen: number;
  tier: Tier;
  /** Triage's reasons (the text signals among them). */
  reasons: readonly string[];
  /** The customer's complaints in the 30 days before this one. */
  recentComplaints: number;
  /** Their last satisfaction answer (1–5), if any. */
  lastCsat: number | null;
  /** Hours since the order was delivered; null when it was not. */
  hoursSinceDelivery: number | null;
};

function matches(when: Conditions, facts: RuleFacts): boolean {
  const hours = facts.hoursSinceDelivery;
  return (
    when.categories.includes(facts.category) &&
    (!when.orderStatuses || (when.orderStatuses as readonly OrderStatus[]).includes(facts.orderStatus)) &&
    (when.belowOrderAmountFen === undefined || facts.orderAmountFen < when.belowOrderAmountFen) &&
    (when.atLeastOrderAmountFen === undefined || facts.orderAmountFen >= when.atLeastOrderAmountFen) &&
    (!when.tiers || when.tiers.includes(facts.tier)) &&
    (!when.textSignals || when.textSignals.some((signal) => facts.reasons.includes(signal))) &&
    (when.minRecentComplaints === undefined || facts.recentComplaints >= when.minRecentComplaints) &&
    (when.maxLastCsat === undefined || (facts.lastCsat !== null && facts.lastCsat <= when.maxLastCsat)) &&
    (when.maxHoursSinceDelivery === undefined || (hours !== null && hours <= when.maxHoursSinceDelivery)) &&
    (when.minHoursSinceDelivery === undefined || (hours !== null && hours >= when.minHoursSinceDelivery))
  );
}

type Fired<A> = { rule: string; version: number; action: A };
type ActionOf<T extends RuleAction> = Extract<HandlingRule["then"], { type: T }>;

/**
 * What the rules in force do with a complaint besides a refund (autoResolutionFor): for each kind
 * of action the first rule in the version's order that matches — one offer (a coupon or points),
 * one priority, one group, one reply. Rules are evaluated in order so an admin ranks them.
 */
export function firedRules({ ruleSet, facts }: { ruleSet: RuleSet; facts: RuleFacts }) {
  const first = <T extends RuleAction>(types: T[]): Fired<ActionOf<T>> | null => {
    const rule = ruleSet.rules.find((r) => (types as string[]).includes(r.then.type) && matches(r.when, facts));
    return rule ? { rule: rule.code, version: ruleSet.version, action: rule.then as ActionOf<T> } : null;
  };
  return {
    offer: first(["offer_coupon", "offer_points"]),
    priority: first(["set_priority"]),
    group: first(["route_to_group"]),
    reply: first(["reply_template"]),
  };
}
export type FiredRules = ReturnType<typeof firedRules>;

export type AutoResolution = { type: "refund"; amountFen: number; rule: string; version: number } | null;

/** What the rules in force do with this complaint's money: a refund of what is left of the order, or nothing. */
export function autoResolutionFor({
  ruleSet,
  facts,
  refundedFen,
}: {
  ruleSet: RuleSet;
  facts: RuleFacts;
  refundedFen: number;
}): AutoResolution {
  const rule = ruleSet.rules.find(({ when, then }) => then.type === "refund_order" && matches(when, facts));
  if (!rule) return null;
  const amountFen = facts.orderAmountFen - refundedFen;
  return amountFen > 0 ? { type: "refund", amountFen, rule: rule.code, version: ruleSet.version } : null;
}
