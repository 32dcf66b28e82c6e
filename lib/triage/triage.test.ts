import { describe, expect, it } from "vitest";
import { computeSlaDeadlines } from "../sla/sla-deadlines";
import { assessTextUrgency, emotionUrgency } from "./text-urgency";
import { triageComplaint } from "./triage";

const base = { description: "送来的东西有点问题", orderAmountFen: 30_00, tier: "normal" as const };

describe("triageComplaint", () => {
  it("makes quality and wrong-delivery complaints high (seed rule)", () => {
    expect(triageComplaint({ ...base, category: "product.quality" }).priority).toBe("high");
    expect(triageComplaint({ ...base, category: "delivery.wrong" }).priority).toBe("high");
    expect(triageComplaint({ ...base, category: "delivery.late" }).priority).toBe("medium");
    expect(triageComplaint({ ...base, category: "service.slow" }).priority).toBe("low");
  });

  it("scores words that are also Object.prototype's keys like any unknown word (a finite urgency)", () => {
    for (const description of ["constructor", "__proto__", "toString hasOwnProperty", "valueOf 芒果 constructor"]) {
      const { urgency } = triageComplaint({ ...base, category: "product.quality", description });
      expect(Number.isFinite(urgency), description).toBe(true);
    }
  });

  it("weighs the customer's emotion: angry + VIP + food safety far above mildly disappointed", () => {
    const angry = triageComplaint({
      ...base,
      category: "product.quality",
      tier: "vip",
      description: "吃了你们的草莓孩子拉肚子了！！你们简直是骗子，气死我了，马上给我处理，不然就曝光！",
    });
    const mild = triageComplaint({
      ...base,
      category: "product.quality",
      description: "这次的草莓没有上次甜，有点小失望吧",
    });
    expect(angry.emotion).toBe("anger");
    expect(angry.emotionIntensity).toBeGreaterThanOrEqual(2);
    expect(angry.reasons).toContain("emotion_anger");
    expect(mild.emotion).toBe("disappointment");
    expect(mild.urgency).toBeLessThan(0.8);
    expect(angry.urgency - mild.urgency).toBeGreaterThan(0.3);
    // The emotion's own share, apart from negativity and cues: a text with no risk cue scores
    // exactly its negativity part plus the emotion's (which the angry customer's is the largest of).
    const plain = assessTextUrgency("客服半天不回消息，什么态度，凭什么让我一直等，搞什么");
    expect(plain.emotion.emotion).toBe("anger");
    expect(plain.reasons.filter((r) => r.startsWith("text_") && r !== "text_negative")).toEqual([]);
    expect(plain.score).toBeCloseTo(0.25 * plain.sentiment.negative + emotionUrgency(plain.emotion), 3);
    expect(emotionUrgency({ emotion: "anger", intensity: 3 })).toBeGreaterThan(
      emotionUrgency({ emotion: "disappointment", intensity: 3 }),
    );
    expect(emotionUrgency({ emotion: "neutral", intensity: 0 })).toBe(0);
    // Without any risk cue, an anxious customer with a deadline still outranks a calm question.
    const anxious = assessTextUrgency("孩子明天早上就要吃，到现在还没发货，急死了，能不能今天送到？");
    const calm = assessTextUrgency("请问这个订单大概什么时候发货");
    expect(anxious.emotion.emotion).toBe("anxiety");
    expect(anxious.reasons).toContain("emotion_anxiety");
    expect(calm.emotion.emotion).toBe("neutral");
    expect(anxious.score).toBeGreaterThan(calm.score);
  });

  it("raises VIP customers and large orders one level each", () => {
    expect(triageComplaint({ ...base, category: "service.slow", tier: "vip" }).priority).toBe("medium");
    const both = triageComplaint({ ...base, category: "service.slow", tier: "vip", orderAmountFen: 300_00 });
    expect(both.priority).toBe("high");
    expect(both.reasons).toEqual(expect.arrayContaining(["vip", "high_amount"]));
  });

  it("makes food-safety text high whatever the subtype, and scores it as more urgent", () => {
    const calm = triageComplaint({ ...base, category: "order.price" });
    const sick = triageComplaint({ ...base, category: "order.price", description: "吃了以后拉肚子，我要打12315" });
    expect(calm.priority).toBe("medium");
    expect(sick.priority).toBe("high");
    expect(sick.urgency).toBeGreaterThan(calm.urgency);
    expect(sick.reasons).toEqual(expect.arrayContaining(["text_food_safety", "text_legal_exposure"]));
  });

  it("sends VIP customers to the VIP line, whatever the category", () => {
    expect(triageComplaint({ ...base, category: "delivery.damaged" }).vipLine).toBe(false);
    expect(triageComplaint({ ...base, category: "order.payment", tier: "vip" }).vipLine).toBe(true);
  });

  it("keeps urgency within [0, 1]", () => {
    const worst = triageComplaint({
      category: "product.quality",
      tier: "vip",
      orderAmountFen: 999_00,
      description: "发霉 拉肚子 曝光 律师 腐烂 垃圾 又是",
    });
    expect(worst.urgency).toBeLessThanOrEqual(1);
    expect(worst.urgency).toBeGreaterThan(0.9);
  });
});

describe("assessTextUrgency", () => {
  it("finds no risk in a polite request, and nothing at all in blank text", () => {
    const polite = assessTextUrgency("请尽快处理，谢谢");
    expect(polite.reasons.filter((r) => r !== "text_negative")).toEqual([]);
    expect(polite.score).toBeLessThan(0.3);
    expect(assessTextUrgency("   ")).toMatchObject({ score: 0, reasons: [], sentiment: { label: "neutral" } });
  });

  it("ranks a food-poisoning complaint above a mild late delivery, and rotten fruit makes a complaint high", () => {
    const poisoning = assessTextUrgency("吃了你们的草莓全家拉肚子，怀疑食物中毒，我要打12315");
    const late = assessTextUrgency("配送比预计晚了半小时");
    expect(poisoning.score).toBeGreaterThan(late.score + 0.5);
    expect(poisoning.reasons).toEqual(
      expect.arrayContaining(["text_food_safety", "text_legal_exposure", "text_negative"]),
    );
    expect(
      triageComplaint({
        category: "order.price",
        description: "收到的芒果都是腐烂水果，太差了",
        orderAmountFen: 3000,
        tier: "normal",
      }).priority,
    ).toBe("high");
    expect(
      triageComplaint({
        category: "delivery.late",
        description: "配送比预计晚了半小时",
        orderAmountFen: 3000,
        tier: "normal",
      }).priority,
    ).toBe("medium");
  });
  it("recognises spoiled produce", () => {
    expect(assessTextUrgency("芒果全烂了").reasons).toContain("text_spoiled");
  });
});

describe("computeSlaDeadlines", () => {
  it("adds the policy's minutes to the filing time", () => {
    const createdAt = new Date("2026-11-22T10:00:00Z");
    const due = computeSlaDeadlines({ createdAt, policy: { firstResponseMinutes: 30, resolutionPlanMinutes: 1440 } });
    expect(due.firstResponseDueAt.toISOString()).toBe("2026-11-22T10:30:00.000Z");
    expect(due.resolutionDueAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");
  });
});

describe("triage reasons", () => {
  it("each have a label in every language (staff read them on the complaint page)", async () => {
    const { MESSAGES } = await import("../i18n/messages");
    const { CATEGORIES } = await import("../complaints/vocabulary/taxonomy");
    const texts = [
      "芒果烂了发霉",
      "吃了拉肚子食物中毒",
      "我要投诉到消协，找律师，曝光你们",
      "第三次联系了还没人管",
      "气死了太垃圾了",
      "还行",
    ];
    const seen = new Set<string>();
    for (const category of CATEGORIES)
      for (const description of texts)
        for (const tier of ["normal", "vip"] as const) {
          for (const reason of triageComplaint({ category, description, orderAmountFen: 300_00, tier }).reasons)
            seen.add(reason);
        }
    expect(seen.size).toBeGreaterThan(5);
    for (const locale of ["zh-CN", "en", "es"] as const) {
      for (const reason of seen)
        expect(
          (MESSAGES[locale] as unknown as { triageReasons: Record<string, string> }).triageReasons[reason],
          `${locale} ${reason}`,
        ).toBeTruthy();
    }
  });
});
