import { describe, expect, it } from "vitest";
import zhCN from "../../i18n/messages/zh-CN.json";
import en from "../../i18n/messages/en.json";
import es from "../../i18n/messages/es.json";
import { CATEGORIES, CATEGORY_GROUPS, categoriesIn, groupOf, isCategory } from "./taxonomy";

const ZH_LABELS: Record<string, string> = {
  "product.quality": "质量问题",
  "product.mismatch": "描述不符",
  "product.short_weight": "缺斤少两",
  "product.out_of_stock": "缺货",
  "order.payment": "支付异常",
  "order.cancellation": "订单取消",
  "order.price": "价格争议",
  "delivery.late": "延迟送达",
  "delivery.wrong": "配送错误",
  "delivery.damaged": "包装破损",
  "service.attitude": "态度问题",
  "service.slow": "响应缓慢",
};

function label(messages: unknown, code: string): unknown {
  return code
    .split(".")
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)?.[part],
      (messages as { taxonomy: unknown }).taxonomy,
    );
}

describe("taxonomy", () => {
  it("has 12 subtypes in 4 groups", () => {
    expect(CATEGORIES).toHaveLength(12);
    expect(CATEGORY_GROUPS.map((group) => categoriesIn(group).length)).toEqual([4, 3, 3, 2]);
    expect(groupOf("delivery.wrong")).toBe("delivery");
  });

  it("recognises only its own codes", () => {
    expect(isCategory("product.quality")).toBe(true);
    expect(isCategory("product")).toBe(false);
    expect(isCategory("product.rotten")).toBe(false);
    expect(isCategory(42)).toBe(false);
  });

  it("has the seed's Chinese labels and an English and Spanish label for every code", () => {
    for (const code of CATEGORIES) {
      expect(label(zhCN, code)).toBe(ZH_LABELS[code]);
      expect(typeof label(en, code)).toBe("string");
      expect(typeof label(es, code)).toBe("string");
      expect(label(es, code)).not.toBe(label(en, code));
    }
    for (const group of CATEGORY_GROUPS) {
      for (const messages of [zhCN, en, es])
        expect(typeof (messages.taxonomy as Record<string, Record<string, string>>)[group].label).toBe("string");
    }
  });
});
