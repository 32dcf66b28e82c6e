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
  weights: { 烂: 2, 差: 2, 好: -2, 新鲜: -2, 一般: 0.5 },
};
let customer = 0;
/** `n` texts, each from a customer of its own. */
const texts = (text: string, n: number) => Array.from({ length: n }, () => ({ text, customer: `c${(customer += 1)}` }));
const balanced = [...texts("魑魅 烂", 30), ...texts("魍魉 好", 30), ...texts("烂", 10), ...texts("好", 10)];

describe("adaptToTexts (the shop's own words, weighted by the company they keep)", () => {
  it("weights only features the model lacks, by how the model reads the texts they come in", () => {
    const { weights, texts: read, negative, features } = adaptToTexts({ model, texts: balanced });
    expect([read, negative]).toEqual([80, 40]);
    expect(weights["魑魅"]).toBeGreaterThan(0);
    expect(weights["魍魉"]).toBeLessThan(0);
    // The model's own weights never change.
    for (const known of Object.keys(model.weights)) expect(weights).not.toHaveProperty(known);
    expect(features).toBe(Object.keys(weights).length);
    // Never more than the model's own largest weights (its 99th percentile here: 2).
    for (const weight of Object.values(weights)) expect(Math.abs(weight)).toBeLessThanOrEqual(2);
    // Applied, the new word moves a text that has nothing else the model knows…
    const adapted = new Map(Object.entries(weights));
    const alone = sentimentFeatures("魑魅", "words");
    expect(linearProbability(model, alone)).toBe(0.5);
    expect(linearProbability(model, alone, adapted)).toBeGreaterThan(0.8);
    // …and a text whose features the model all knows reads exactly as before.
    const known = sentimentFeatures("好", "words");
    expect(linearProbability(model, known, adapted)).toBe(linearProbability(model, known));
  });

  it("weighs a feature against the texts' own balance: complaints that read negative nine times in ten", () => {
    // 270 negative texts, 30 positive. 罕见 comes only in negative ones, but in 3 of 270: no more
    // often than any word there — it must not read positive merely because positives are rare
    // (add-one smoothing over each side's totals did that). 多见 comes in 60 negative texts and no
    // positive one: it leans negative. 平常 comes in both at the base rate: it stays near zero.
    const skewed = [
      ...texts("罕见 烂", 3),
      ...texts("多见 烂", 60),
      ...texts("平常 烂", 27),
      ...texts("平常 好", 3),
      ...texts("烂 差", 180),
      ...texts("好 新鲜", 27),
    ];
    const { weights, negative, texts: read } = adaptToTexts({ model, texts: skewed });
    expect([read, negative]).toEqual([300, 270]);
    expect(weights["罕见"]).toBeGreaterThanOrEqual(0);
    expect(weights["多见"]).toBeGreaterThan(weights["罕见"]!);
    expect(Math.abs(weights["平常"]!)).toBeLessThan(0.1);
  });

  it("needs texts read both ways, and a feature from three customers", () => {
    const oneSided = adaptToTexts({ model, texts: texts("魑魅 烂", 100) });
    expect(oneSided).toEqual({ weights: {}, texts: 100, negative: 100, features: 0 });
    // One customer writing a word (a name, a phone number) many times does not make it a feature.
    const same = Array.from({ length: 10 }, () => ({ text: "张三丰 烂", customer: "one" }));
    const { weights } = adaptToTexts({ model, texts: [...balanced, ...same] });
    expect(weights).not.toHaveProperty("张三丰");
    expect(weights).toHaveProperty("魑魅");
  });

  it("is deterministic: the same texts give the same weights", () => {
    expect(adaptToTexts({ model, texts: balanced })).toEqual(adaptToTexts({ model, texts: balanced }));
  });

  it("takes hostile texts in its stride: blank, emoji only, HTML, 50 000 random characters", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const noise = Array.from({ length: 50_000 }, () =>
      String.fromCharCode(0x4e00 + Math.floor(random() * 20_000)),
    ).join("");
    const hostile = ["", "   ", "😡😡😡", "<script>alert(1)</script> 烂", noise, "constructor toString 好"];
    const result = adaptToTexts({ model, texts: [...balanced, ...hostile.flatMap((text) => texts(text, 3))] });
    // Blank, whitespace and emoji give no features: not read.
    expect(result.texts).toBe(80 + 9);
    for (const weight of Object.values(result.weights)) expect(Number.isFinite(weight)).toBe(true);
    // Only the first 500 characters of a text are read: the noise's three copies share them, so
    // at most its first 500 characters' runs come from three customers.
    expect(result.features).toBeLessThan(3_000);
    expect(adaptToTexts({ model, texts: [] })).toEqual({ weights: {}, texts: 0, negative: 0, features: 0 });
  });
});
