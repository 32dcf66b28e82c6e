import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedFaq } from "../../tools/demo/seed-faq";
import { recordSelfServe, suggestFaq } from "../../lib/knowledge/suggest-faq";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

afterAll(() => testDb.$disconnect());
beforeEach(async () => {
  await resetData();
  await seedFaq({ db: testDb });
});

const top = async (text: string, category?: string) =>
  (await suggestFaq({ db: testDb, text, locale: "zh-CN", category })).map((s) => s.question);

describe("FAQ suggestions", () => {
  it("rank the entry that answers what the customer is typing first", async () => {
    expect((await top("商品缺货了，我想退款"))[0]).toBe("商品缺货了怎么退款？");
    expect((await top("收到的水果烂了好几个"))[0]).toBe("收到的水果坏了、烂了怎么办？");
    expect((await top("被扣款两次", "order.payment"))[0]).toBe("同一笔订单被重复扣款怎么办？");
    expect((await top("配送晚了很久"))[0]).toBe("为什么配送比预计时间晚？");
  });

  it("suggest at most three, nothing for empty or unrelated text, nothing in another language's list", async () => {
    expect((await top("退款 水果 配送 扣款 取消 订单 缺货 重量")).length).toBeLessThanOrEqual(3);
    expect(await top("   ")).toEqual([]);
    expect(await top("今天天气不错")).toEqual([]);
    expect(await suggestFaq({ db: testDb, text: "商品缺货了怎么退款", locale: "es" })).toEqual([]);
  });

  it("answer English and Spanish customers from the entries written in their language", async () => {
    const ask = async (text: string, locale: "en" | "es") =>
      (await suggestFaq({ db: testDb, text, locale })).map((s) => s.question);
    expect((await ask("the mangoes I received are rotten", "en"))[0]).toBe(
      "The fruit I received is rotten or damaged. What can I do?",
    );
    expect((await ask("me cobraron dos veces", "es"))[0]).toBe("Me cobraron dos veces el mismo pedido. ¿Qué hago?");
    // Each language holds the same entries.
    const perLocale = await testDb.faqEntry.groupBy({ by: ["locale"], _count: true, orderBy: { locale: "asc" } });
    expect(perLocale.map((r) => [r.locale, r._count])).toEqual([
      ["en", 6],
      ["es", 6],
      ["zh-CN", 6],
    ]);
  });

  it("quote a confidently matching FAQ as the complaint's automatic first reply, and only then", async () => {
    const quoted = await fileTestComplaint({
      category: "product.out_of_stock",
      description: "商品缺货了，我想退款",
      amount: "88.00",
    });
    const [reply] = await testDb.complaintEvent.findMany({ where: { complaintId: quoted.id, kind: "auto_reply" } });
    expect(reply).toMatchObject({ customerVisible: true, payload: { question: "商品缺货了怎么退款？" } });
    const other = await fileTestComplaint({ category: "service.attitude", description: "客服态度很差" });
    expect(await testDb.complaintEvent.count({ where: { complaintId: other.id, kind: "auto_reply" } })).toBe(0);
  });

  it("record a self-served flow for an active entry only", async () => {
    const { id } = await fileTestComplaint();
    const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    const [faq] = await suggestFaq({ db: testDb, text: "缺货退款", locale: "zh-CN" });
    expect(await recordSelfServe({ db: testDb, customerId, faqId: faq!.id, orderNo: "SO1" })).toEqual({
      recorded: true,
    });
    // A double press or a retried request counts once.
    await Promise.all([1, 2, 3].map(() => recordSelfServe({ db: testDb, customerId, faqId: faq!.id, orderNo: "SO1" })));
    expect(await recordSelfServe({ db: testDb, customerId, faqId: "00000000-0000-4000-8000-000000000000" })).toEqual({
      recorded: false,
    });
    expect(await testDb.faqSelfServe.count()).toBe(1);
  });
});
