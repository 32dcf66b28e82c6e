import { describe, expect, it } from "vitest";
import { ruleSentence } from "./rule-text";

const names = { groups: [{ code: "service", name: "服务组" }], templates: [{ code: "apology", title: "致歉" }] };

describe("a rule in words", () => {
  it("reads the built-in refund rule and a rule with every kind of condition, in the reader's language", () => {
    const v1 = {
      code: "out_of_stock_under_50",
      when: {
        categories: ["product.out_of_stock" as const],
        orderStatuses: ["shipped" as const, "delivered" as const],
        belowOrderAmountFen: 50_00,
      },
      then: { type: "refund_order" as const },
    };
    expect(ruleSentence({ rule: v1, locale: "zh-CN", names })).toBe(
      "out_of_stock_under_50：缺货，订单状态为 已发货和已送达，金额低于 ¥50.00 → 自动退还订单金额",
    );
    const wide = {
      code: "angry_repeat",
      when: {
        categories: ["delivery.late" as const],
        tiers: ["vip" as const],
        textSignals: ["text_legal_exposure" as const, "text_strong_negative" as const],
        minRecentComplaints: 2,
        maxHoursSinceDelivery: 48,
      },
      then: { type: "route_to_group" as const, group: "service" },
    };
    const en = ruleSentence({ rule: wide, locale: "en", names });
    expect(en).toMatch(
      /^angry_repeat: .*, tier VIP, text has .* or .*, 2 or more complaints in 30 days, delivered within 48 h → route to 服务组$/,
    );
  });
});
