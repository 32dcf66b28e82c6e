import { describe, expect, it } from "vitest";
import { adaptToTexts } from "./domain-adaptation";
import { linearProbability, type LinearModel } from "./linear-model";
import { sentimentFeatures } from "./sentiment-features";

// A tiny model of its own (words only): 烂 and 差 read negative, 好 and 新鲜 positive.
const model: LinearModel = {
  version: 2,
  kind: "test",
  features: "words",
  scale: "none",
  source: "test",
  evaluation: "",
  bias: 0,
  weights: { 烂: 2, 差: 2, 好: -2, 新鲜: -2 },
};
const repeat = (text: string, n: number) => Array.from({ length: n }, () => text);
const texts = [...repeat("魑魅 烂 差", 6), ...repeat("魍魉 好 新鲜", 6), ...repeat("罕见词 好", 2)];

describe("adaptToTexts (the shop's own words, weighted by the company they keep)", () => {
  it("weights only features the model lacks, by how the model reads the texts they come in", () => {
    const { weights, texts: read, features } = adaptToTexts({ model, texts });
    expect(read).toBe(14);
    expect(weights["魑魅"]).toBeGreaterThan(0);
    expect(weights["魍魉"]).toBeLessThan(0);
    // The model's own weights never change, and a word in fewer than three texts gets none.
    for (const known of ["烂", "差", "好", "新鲜"]) expect(weights).not.toHaveProperty(known);
    expect(weights).not.toHaveProperty("罕见词");
    expect(features).toBe(Object.keys(weights).length);
    // Applied, the new word moves a text that has nothing else the model knows.
    const alone = sentimentFeatures("魑魅", "words");
    expect(linearProbability(model, alone)).toBe(0.5);
    expect(linearProbability(model, alone, new Map(Object.entries(weights)))).toBeGreaterThan(0.8);
    // And a text whose features the model all knows reads exactly as before ("烂 差" would not:
    // the pair 烂_差 is a feature of its own, and the shop's texts gave it a weight).
    const known = sentimentFeatures("好", "words");
    expect(linearProbability(model, known, new Map(Object.entries(weights)))).toBe(linearProbability(model, known));
  });

  it("is deterministic and symmetric: the same texts give the same weights, in any order", () => {
    const a = adaptToTexts({ model, texts });
    const b = adaptToTexts({ model, texts: [...texts].reverse() });
    expect(b).toEqual(a);
    expect(a.weights["魑魅"]).toBeCloseTo(-a.weights["魍魉"]!, 10);
  });

  it("takes hostile texts in its stride: blank, emoji only, HTML, 50 000 characters", () => {
    const hostile = [
      "",
      "   ",
      "😡😡😡",
      "<script>alert(1)</script>",
      "烂".repeat(50_000),
      "constructor __proto__ toString",
    ];
    const started = performance.now();
    const result = adaptToTexts({ model, texts: [...hostile, ...hostile, ...hostile] });
    expect(performance.now() - started).toBeLessThan(5_000);
    // Blank, whitespace and emoji give no features: not read.
    expect(result.texts).toBe(9);
    for (const weight of Object.values(result.weights)) expect(Number.isFinite(weight)).toBe(true);
    expect(Object.getPrototypeOf(result.weights)).toBe(Object.prototype);
    expect(adaptToTexts({ model, texts: [] })).toEqual({ weights: {}, texts: 0, features: 0 });
  });
});
