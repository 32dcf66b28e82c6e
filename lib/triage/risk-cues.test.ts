import { describe, expect, it } from "vitest";
import { findCues, type CueReason } from "./risk-cues";
import { assessTextUrgency } from "./text-urgency";
import { triageComplaint } from "./triage";

const fired = (text: string) => [
  ...new Set(
    findCues(text.normalize("NFKC").toLowerCase())
      .filter((c) => !c.negated)
      .map((c) => c.reason),
  ),
];

// Written for this test (issue 17, point 3): what customers write when a risk is ruled out…
const NEGATED = [
  "芒果有点软，但是没有拉肚子",
  "吃了没拉肚子，就是不甜",
  "并没有发霉，只是外皮有斑点",
  "没有发现任何异物",
  "没有任何异物，就是送晚了",
  "孩子吃了也没呕吐，放心",
  "里面没有虫子",
  "没有虫",
  "没有长毛，颜色有点暗",
  "不是变质，是品种问题",
  "这个不算腐烂吧，就是磕碰了",
  "没有霉变",
  "从没过敏过，这次也没有过敏",
  "暂时不会投诉到12315，希望尽快处理",
  "不会曝光的，放心",
  "没有食物中毒，只是口感差",
  "未发现变质",
  "无异物",
  "没有拉肚子和呕吐",
  "并不是发臭，是榴莲本来的味道",
  "也没有坏了，就是小",
  "还没有烂掉，但快了",
  "no mold at all, just bruised",
  "i did not get food poisoning, it just tasted bad",
  "it wasn't rotten, only small",
  "not spoiled, just late",
  "never sued anyone, just want a refund",
  "no insects inside",
  "we didn't vomit or anything",
  "no need for lawyers, please just refund",
  "it isn't moldy",
];

// …and what they write when it is there (some with a negation elsewhere in the sentence).
const POSITIVE: [string, CueReason][] = [
  ["吃了拉肚子", "text_food_safety"],
  ["孩子吃完腹泻了，很担心", "text_food_safety"],
  ["芒果发霉了", "text_food_safety"],
  ["里面有虫", "text_food_safety"],
  ["没想到拉肚子了", "text_food_safety"],
  ["不好意思，吃了以后呕吐", "text_food_safety"],
  ["不新鲜，有异物", "text_food_safety"],
  ["吃了过敏住院了", "text_food_safety"],
  ["没有人理我，吃了拉肚子", "text_food_safety"],
  ["苹果长毛了", "text_food_safety"],
  ["食物中毒了，要去医院", "text_food_safety"],
  ["葡萄霉变严重", "text_food_safety"],
  ["我要投诉到12315", "text_legal_exposure"],
  ["再不处理就曝光你们", "text_legal_exposure"],
  ["找律师起诉", "text_legal_exposure"],
  ["去消协反映", "text_legal_exposure"],
  ["不处理的话我找媒体", "text_legal_exposure"],
  ["榴莲全烂了", "text_spoiled"],
  ["不是一个两个，全部变质", "text_spoiled"],
  ["并不新鲜", "text_spoiled"],
  ["肉发臭了", "text_spoiled"],
  ["收到就坏了", "text_spoiled"],
  ["太差了，垃圾服务", "text_strong_negative"],
  ["the mangoes were moldy", "text_food_safety"],
  ["i got food poisoning", "text_food_safety"],
  ["found insects in the box", "text_food_safety"],
  ["i will sue you", "text_legal_exposure"],
  ["my lawyer will call", "text_legal_exposure"],
  ["everything was rotten", "text_spoiled"],
  ["this is a scam", "text_strong_negative"],
  ["not happy: the fruit was rotten", "text_spoiled"],
];

describe("risk cues with negation and scope", () => {
  it(`${NEGATED.length} negated cues do not fire`, () => {
    expect(NEGATED.length).toBeGreaterThanOrEqual(30);
    for (const text of NEGATED)
      expect({ text, fired: fired(text).filter((r) => r !== "text_strong_negative") }).toEqual({ text, fired: [] });
  });

  it(`${POSITIVE.length} present cues fire`, () => {
    expect(POSITIVE.length).toBeGreaterThanOrEqual(30);
    for (const [text, reason] of POSITIVE)
      expect({ text, fired: fired(text).includes(reason) }).toEqual({ text, fired: true });
  });

  it("English cues match whole words only", () => {
    expect(fired("there is an issue with my order")).toEqual([]);
    expect(fired("the pursuer of media")).toEqual(["text_legal_exposure"]);
    expect(fired("a moldy lemon, a sued shop")).toEqual(["text_food_safety", "text_legal_exposure"]);
    expect(fired("multimedia message")).toEqual([]);
  });

  it("names the negated cues, and repeat contact comes from history, not from the words", () => {
    expect(assessTextUrgency("没有拉肚子，也没有发霉").negatedCues).toEqual(["拉肚子", "发霉"]);
    const input = { category: "product.quality" as const, orderAmountFen: 50_00, tier: "normal" as const };
    expect(triageComplaint({ ...input, description: "又是烂的，第二次了" }).reasons).not.toContain("repeat_contact");
    expect(triageComplaint({ ...input, description: "芒果烂了", repeatContact: true }).reasons).toContain(
      "repeat_contact",
    );
  });

  it("stays bounded on long, repetitive or hostile text", () => {
    const long = "拉肚子".repeat(16_000) + "no mold ".repeat(1_000);
    const started = performance.now();
    expect(findCues(long).length).toBeGreaterThan(16_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    for (const text of ["", "😀😀", "<script>没有拉肚子</script>", "中文English混合 sue 起诉"])
      expect(() => findCues(text)).not.toThrow();
  });
});
