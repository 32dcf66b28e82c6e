import { describe, expect, it } from "vitest";
import { categoryHint } from "./category-hint";

describe("category hint", () => {
  it("suggests the subtype the text points at when it contradicts the chosen one", () => {
    expect(categoryHint({ category: "order.price", description: "收到的芒果烂了，还发霉了" })).toEqual({
      suggested: "product.quality",
      evidence: expect.arrayContaining(["烂", "发霉"]),
    });
  });

  it("stays quiet when the text fits the chosen subtype or says too little", () => {
    expect(categoryHint({ category: "product.quality", description: "芒果烂了，发霉了" })).toBeNull();
    expect(categoryHint({ category: "order.price", description: "价格比昨天贵，芒果也有点软" })).toBeNull();
    expect(categoryHint({ category: "order.price", description: "请处理" })).toBeNull();
  });
});
