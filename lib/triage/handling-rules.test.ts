import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  autoResolutionFor,
  firedRules,
  ruleSetSchema,
  storedRuleSet,
  type HandlingRule,
  type RuleFacts,
} from "./handling-rules";

// Version 1 exactly as the migration seeds it: behaviour must be what the code rule did.
const migration = readFileSync("prisma/migrations/20261202120000_handling_rule_versions/migration.sql", "utf8");
const seeded = JSON.parse(/'(\[\{.*\}\])'::jsonb/.exec(migration)![1]!);
const v1 = storedRuleSet({ version: 1, rules: seeded });
const FACTS: RuleFacts = {
  category: "product.out_of_stock",
  orderStatus: "delivered",
  orderAmountFen: 25_80,
  tier: "normal",
  reasons: [],
  recentComplaints: 0,
  lastCsat: null,
  hoursSinceDelivery: 5,
};
const decide = ({ refundedFen = 0, ...facts }: Partial<RuleFacts> & { refundedFen?: number }) =>
  autoResolutionFor({ ruleSet: v1, facts: { ...FACTS, ...facts }, refundedFen });

describe("version 1 (the rule that used to be code)", () => {
  it("refunds out-of-stock orders under ¥50, once, naming the rule and version", () => {
    expect(v1.rules).toHaveLength(1);
    expect(decide({})).toEqual({ type: "refund", amountFen: 25_80, rule: "out_of_stock_under_50", version: 1 });
    expect(decide({ refundedFen: 25_80 })).toBeNull();
    expect(decide({ tier: "vip" })).not.toBeNull();
  });
  it("leaves ¥50 and above, and other subtypes, to people", () => {
    expect(decide({ orderAmountFen: 50_00 })).toBeNull();
    expect(decide({ category: "product.quality", orderAmountFen: 10_00 })).toBeNull();
  });
  it("only refunds orders that were paid and sent (not pending, paid-only, cancelled or refunded)", () => {
    expect(decide({ orderStatus: "shipped" })).not.toBeNull();
    for (const orderStatus of ["pending", "paid", "cancelled", "refunded"] as const)
      expect(decide({ orderStatus })).toBeNull();
  });
});

const rule = (code: string, when: Partial<HandlingRule["when"]> = {}) => ({
  code,
  when: { categories: ["delivery.late"], orderStatuses: ["delivered"], belowOrderAmountFen: 30_00, ...when },
  then: { type: "refund_order" },
});
const issues = (rules: unknown) => {
  const result = ruleSetSchema.safeParse(rules);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`);
};

describe("a rule version is refused when", () => {
  it("two refund rules could match one complaint (overlapping subtypes, statuses and tiers)", () => {
    expect(issues([rule("rule_a"), rule("rule_b", { categories: ["delivery.late", "delivery.wrong"] })])).toEqual([
      "1.when:refund_rule_overlap",
    ]);
    // Disjoint on any one of them is fine: tiers here.
    expect(issues([rule("rule_a", { tiers: ["vip"] }), rule("rule_b", { tiers: ["normal"] })])).toEqual([]);
    expect(issues([rule("rule_a", { orderStatuses: ["shipped"] }), rule("rule_b")])).toEqual([]);
  });
  it("a refund goes over the cap, covers too many subtypes, or refunds unpaid orders; codes repeat or are malformed", () => {
    expect(issues([rule("rule_a", { belowOrderAmountFen: 200_01 })])).toEqual([
      "0.when.belowOrderAmountFen:refund_rule_cap",
    ]);
    expect(issues([rule("rule_a", { belowOrderAmountFen: -5 })])).toHaveLength(1);
    expect(
      issues([
        rule("rule_a", {
          categories: ["delivery.late", "delivery.wrong", "delivery.damaged", "order.price", "order.payment"],
        }),
      ]),
    ).toHaveLength(1);
    expect(issues([rule("rule_a", { orderStatuses: ["pending" as "paid"] })])).toHaveLength(1);
    expect(issues([rule("rule_a"), rule("rule_a", { tiers: ["vip"] })])).toContain("1.code:taken");
    expect(issues([rule("Bad Code")])).toEqual(["0.code:rule_code"]);
    // Rules that each stay small but together reach most of the taxonomy.
    expect(
      issues([
        rule("rule_a", { categories: ["delivery.late", "delivery.wrong", "delivery.damaged"] }),
        rule("rule_b", { categories: ["order.price", "order.payment", "order.cancellation", "service.slow"] }),
      ]),
    ).toEqual([":refund_rules_reach"]);
  });
});

const fact = (facts: Partial<RuleFacts>): RuleFacts => ({ ...FACTS, category: "delivery.late", ...facts });
const version = (rules: unknown[]) => {
  const parsed = ruleSetSchema.safeParse(rules);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return { version: 7, rules: parsed.data };
};

describe("conditions and actions beyond refunds", () => {
  const late = { categories: ["delivery.late"] };
  const rules = version([
    {
      code: "angry_vip_first",
      when: { ...late, tiers: ["vip"], textSignals: ["text_strong_negative", "text_legal_exposure"] },
      then: { type: "set_priority", priority: "high" },
    },
    {
      code: "repeat_to_service",
      when: { ...late, minRecentComplaints: 2 },
      then: { type: "route_to_group", group: "service" },
    },
    {
      code: "unhappy_coupon",
      when: { ...late, maxLastCsat: 2, atLeastOrderAmountFen: 50_00, belowOrderAmountFen: 300_00 },
      then: { type: "offer_coupon", amountFen: 10_00, validDays: 14 },
    },
    { code: "fresh_points", when: { ...late, maxHoursSinceDelivery: 24 }, then: { type: "offer_points", points: 200 } },
    {
      code: "late_reply",
      when: { ...late, minHoursSinceDelivery: 48 },
      then: { type: "reply_template", template: "apology" },
    },
  ]);
  const fired = (facts: Partial<RuleFacts>) => {
    const result = firedRules({ ruleSet: rules, facts: fact(facts) });
    return Object.fromEntries(Object.entries(result).map(([kind, f]) => [kind, f?.rule ?? null]));
  };

  it("each condition decides on its own fact", () => {
    expect(fired({ hoursSinceDelivery: null })).toEqual({ offer: null, priority: null, group: null, reply: null });
    expect(fired({ tier: "vip", reasons: ["text_legal_exposure"], hoursSinceDelivery: null }).priority).toBe(
      "angry_vip_first",
    );
    expect(fired({ tier: "vip", reasons: ["text_negative"], hoursSinceDelivery: null }).priority).toBeNull();
    expect(fired({ tier: "normal", reasons: ["text_legal_exposure"], hoursSinceDelivery: null }).priority).toBeNull();
    expect(fired({ recentComplaints: 2, hoursSinceDelivery: null }).group).toBe("repeat_to_service");
    expect(fired({ recentComplaints: 1, hoursSinceDelivery: null }).group).toBeNull();
    expect(fired({ lastCsat: 2, orderAmountFen: 50_00, hoursSinceDelivery: null }).offer).toBe("unhappy_coupon");
    expect(fired({ lastCsat: 2, orderAmountFen: 49_99, hoursSinceDelivery: null }).offer).toBeNull();
    expect(fired({ lastCsat: 2, orderAmountFen: 300_00, hoursSinceDelivery: null }).offer).toBeNull();
    expect(fired({ lastCsat: 3, orderAmountFen: 80_00, hoursSinceDelivery: null }).offer).toBeNull();
    // Never answered a survey: not "unhappy".
    expect(fired({ lastCsat: null, orderAmountFen: 80_00, hoursSinceDelivery: null }).offer).toBeNull();
    expect(fired({ hoursSinceDelivery: 24 }).offer).toBe("fresh_points");
    expect(fired({ hoursSinceDelivery: 30 })).toEqual({ offer: null, priority: null, group: null, reply: null });
    expect(fired({ hoursSinceDelivery: 48 }).reply).toBe("late_reply");
    expect(fired({ category: "delivery.wrong", hoursSinceDelivery: 48 }).reply).toBeNull();
  });

  it("one offer per complaint: the first matching rule in the version's order", () => {
    expect(fired({ lastCsat: 1, orderAmountFen: 80_00, hoursSinceDelivery: 3 }).offer).toBe("unhappy_coupon");
  });

  it("refuses offers over the caps, negative amounts, an inverted amount band, unknown priorities and malformed targets", () => {
    const one = (then: object, when: object = late) => issues([{ code: "x_rule", when, then }]);
    expect(one({ type: "offer_coupon", amountFen: 50_01, validDays: 7 })).toEqual(["0.then.amountFen:rule_offer_cap"]);
    expect(one({ type: "offer_coupon", amountFen: -100, validDays: 7 })).toHaveLength(1);
    expect(one({ type: "offer_points", points: 5_001 })).toEqual(["0.then.points:rule_offer_cap"]);
    expect(one({ type: "set_priority", priority: "urgent" })).toHaveLength(1);
    expect(one({ type: "route_to_group", group: "Bad Group" })).toEqual(["0.then.group:group_code"]);
    expect(
      one(
        { type: "set_priority", priority: "low" },
        { ...late, atLeastOrderAmountFen: 100_00, belowOrderAmountFen: 50_00 },
      ),
    ).toEqual(["0.when.atLeastOrderAmountFen:amount_band"]);
    expect(one({ type: "set_priority", priority: "low" }, { ...late, textSignals: ["text_happy"] })).toHaveLength(1);
  });

  it("a refund rule must name refundable statuses and an amount limit (a rule that would refund everything is refused)", () => {
    expect(
      issues([{ code: "refund_all", when: { categories: ["delivery.late"] }, then: { type: "refund_order" } }]),
    ).toEqual(["0.when.orderStatuses:refund_rule_statuses", "0.when.belowOrderAmountFen:refund_rule_cap"]);
    // Two refund rules on the same subtype and status with disjoint amount bands do not overlap.
    expect(
      issues([
        rule("small", { belowOrderAmountFen: 30_00 }),
        rule("medium", { atLeastOrderAmountFen: 30_00, belowOrderAmountFen: 60_00 }),
      ]),
    ).toEqual([]);
    expect(
      issues([
        rule("small", { belowOrderAmountFen: 30_00 }),
        rule("medium", { atLeastOrderAmountFen: 29_99, belowOrderAmountFen: 60_00 }),
      ]),
    ).toEqual(["1.when:refund_rule_overlap"]);
  });
});

describe("a stored version", () => {
  it("that no longer parses applies no rule (never a guess)", () => {
    const broken = storedRuleSet({ version: 9001, rules: [{ code: "x", when: {}, then: { type: "refund_order" } }] });
    expect(broken.rules).toEqual([]);
    expect(storedRuleSet(null)).toEqual({ version: 0, rules: [] });
  });
});
