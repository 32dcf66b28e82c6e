import { z } from "zod";
import { CATEGORIES, type Category } from "../complaints/vocabulary/taxonomy";
import { TIERS, type Tier } from "../complaints/vocabulary/terms";
import { OrderStatus } from "../generated/prisma/enums";

/**
 * The handling rules as data (issue 16, point 1): a version is a list of rules, each a condition
 * over the complaint and its order and an action. Stored in `handling_rule_versions` (the latest
 * activated one is in force, lib/triage/rule-versions.ts), read by intake with the rest of its
 * context, evaluated here. Version 1 is the rule that used to be code: out of stock on a shipped or
 * delivered order under ¥50 → refund the order.
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

const refundRule = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,47}$/, "rule_code"),
  when: z.object({
    categories: z.array(z.enum(CATEGORIES)).min(1).max(MAX_REFUND_CATEGORIES).refine(distinct, "duplicate_value"),
    orderStatuses: z.array(z.enum(REFUNDABLE_STATUSES)).min(1).refine(distinct, "duplicate_value"),
    /** Orders strictly below this amount qualify. */
    belowOrderAmountFen: z
      .number()
      .int()
      .min(1)
      .refine((fen) => fen <= AUTO_REFUND_CAP_FEN, "refund_rule_cap"),
    /** Customer tiers the rule applies to; all when absent. */
    tiers: z.array(z.enum(TIERS)).min(1).refine(distinct, "duplicate_value").optional(),
  }),
  then: z.object({ type: z.literal("refund_order") }),
});

export type HandlingRule = z.output<typeof refundRule>;

const intersects = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
  !a || !b || a.some((item) => b.includes(item));

/** A rule version: rule codes unique, and no complaint matched by two refund rules (one refund, one reason). */
export const ruleSetSchema = z
  .array(refundRule)
  .max(50)
  .superRefine((rules, ctx) => {
    if (new Set(rules.flatMap((rule) => rule.when.categories)).size > MAX_REFUND_CATEGORIES_PER_VERSION)
      ctx.addIssue({ code: "custom", path: [], message: "refund_rules_reach" });
    rules.forEach((rule, index) => {
      if (rules.findIndex((other) => other.code === rule.code) !== index)
        ctx.addIssue({ code: "custom", path: [index, "code"], message: "taken" });
      const overlap = rules.findIndex(
        (other, j) =>
          j < index &&
          intersects(other.when.categories, rule.when.categories) &&
          intersects(other.when.orderStatuses, rule.when.orderStatuses) &&
          intersects(other.when.tiers, rule.when.tiers),
      );
      if (overlap !== -1) ctx.addIssue({ code: "custom", path: [index, "when"], message: "refund_rule_overlap" });
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

export type AutoResolution = { type: "refund"; amountFen: number; rule: string; version: number } | null;

/** What the rules in force do with this complaint: a refund of what is left of the order, or nothing. */
export function autoResolutionFor({
  ruleSet,
  category,
  orderStatus,
  orderAmountFen,
  tier,
  refundedFen,
}: {
  ruleSet: RuleSet;
  category: Category;
  orderStatus: OrderStatus;
  orderAmountFen: number;
  tier: Tier;
  refundedFen: number;
}): AutoResolution {
  const rule = ruleSet.rules.find(
    ({ when }) =>
      when.categories.includes(category) &&
      (when.orderStatuses as readonly OrderStatus[]).includes(orderStatus) &&
      orderAmountFen < when.belowOrderAmountFen &&
      (!when.tiers || when.tiers.includes(tier)),
  );
  if (!rule) return null;
  const amountFen = orderAmountFen - refundedFen;
  return amountFen > 0 ? { type: "refund", amountFen, rule: rule.code, version: ruleSet.version } : null;
}
