import { describe, expect, it } from "vitest";
import { fillTemplate } from "./reply-templates";

describe("reply templates", () => {
  it("fills the known placeholders and leaves others alone", () => {
    expect(
      fillTemplate("{customerName}您好，订单{orderNo}的{category}问题已收到。{unknown}", {
        orderNo: "SO1",
        customerName: "张三",
        category: "质量问题",
      }),
    ).toBe("张三您好，订单SO1的质量问题问题已收到。{unknown}");
  });
});
