import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { autoResolutionFor, ruleSetSchema, storedRuleSet, type HandlingRule } from "./handling-rules";

// Version 1 exactly as the migration seeds it: behaviour must be what the code rule did.
const migration = readFileSync("prisma/migrations/20261202120000_handling_rule_versions/migration.sql", "utf8");
const seeded = JSON.parse(/'(\[\{.*\}\])'::jsonb/.exec(migration)![1]!);
const v1 = storedRuleSet({ version: 1, rules: seeded });
const decide = (fields: Partial<Parameters<typeof autoResolutionFor>[0]>) =>
  autoResolutionFor({
    ruleSet: v1,
    category: "product.out_of_stock",
    orderStatus: "delivered",
    orderAmountFen: 25_80,
    tier: "normal",
    refundedFen: 0,
    ...fields,
  });

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

describe("a stored version", () => {
  it("that no longer parses applies no rule (never a guess)", () => {
    const broken = storedRuleSet({ version: 9001, rules: [{ code: "x", when: {}, then: { type: "refund_order" } }] });
    expect(broken.rules).toEqual([]);
    expect(storedRuleSet(null)).toEqual({ version: 0, rules: [] });
  });
});
