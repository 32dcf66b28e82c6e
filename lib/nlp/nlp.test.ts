import { describe, expect, it } from "vitest";
import { sentimentFeatures } from "./sentiment-features";
import { scoreSentiment } from "./sentiment";
import { topKeywords } from "./segment";
import { tokenize } from "./tokenizer";

describe("tokenizer", () => {
  it("handles mixed Chinese, English and numbers, drops punctuation and emoji", () => {
    expect(tokenize("买了5kg苹果，只有4.3kg！Very bad 😡")).toEqual([
      "买",
      "了",
      "5kg",
      "苹果",
      "只有",
      "4.3",
      "kg",
      "very",
      "bad",
    ]);
  });

  it("knows the domain words and copes with empty and 300-character text", () => {
    expect(tokenize("车厘子缺斤少两，还有虫")).toEqual(expect.arrayContaining(["车厘子", "缺斤少两"]));
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" \n\t ")).toEqual([]);
    expect(tokenize("芒果".repeat(150)).length).toBeGreaterThan(0);
    expect(tokenize("烂".repeat(50_000)).length).toBeLessThanOrEqual(2000);
  });
});

describe("sentiment", () => {
  it("reads negation: 不新鲜 is negative, 不错 and 没有坏 are not", () => {
    expect(sentimentFeatures("芒果不新鲜", "words")).toContain("!新鲜");
    expect(scoreSentiment("芒果不新鲜").label).toBe("negative");
    expect(scoreSentiment("很新鲜").label).toBe("positive");
    expect(scoreSentiment("不错").label).toBe("positive");
    expect(scoreSentiment("没有坏，挺好的").label).toBe("positive");
    expect(scoreSentiment("一点都不甜").label).toBe("negative");
  });

  it("is neutral for blank or symbol-only text and scores very long text without failing", () => {
    expect(scoreSentiment("")).toEqual({ negative: 0.5, label: "neutral" });
    expect(scoreSentiment("😊！！")).toEqual({ negative: 0.5, label: "neutral" });
    expect(scoreSentiment("太差了".repeat(10_000)).label).toBe("negative");
  });
});

describe("keywords", () => {
  it("leaves out stopwords", () => {
    const words = topKeywords("收到的芒果烂了，我们觉得芒果不新鲜，芒果还发霉了", 5).map((k) => k.keyword);
    expect(words[0]).toBe("芒果");
    expect(words).not.toContain("收到");
    expect(words).not.toContain("我们");
  });
});
