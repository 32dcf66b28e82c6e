import { describe, expect, it } from "vitest";
import { searchTermsFor, tsQueryFor } from "./segment";

/** A tiny evaluator of the tsquery text tsQueryFor builds (words, &, |, parentheses). */
function matches(query: string, indexed: Set<string>): boolean {
  const js = query
    .replace(/[^\s()&|]+/g, (term) => String(indexed.has(term)))
    .replace(/&/g, "&&")
    .replace(/\|/g, "||");
  return Function(`return ${js}`)() as boolean;
}

describe("Chinese search terms", () => {
  it("indexes jieba's words, every Han character and every pair of neighbouring ones, without punctuation", () => {
    const terms = searchTermsFor("收到的芒果烂了一半，要求退款！").split(" ");
    expect(terms).toEqual(expect.arrayContaining(["芒果", "退款", "芒", "果", "烂", "果烂", "烂了"]));
    // Pairs never cross punctuation.
    expect(terms).not.toContain("半要");
    expect(terms).not.toContain("，");
    expect(terms).not.toContain("！");
    expect(new Set(terms).size).toBe(terms.length);
  });

  it("finds the description for a query however jieba cuts the query", () => {
    const indexed = new Set(searchTermsFor("买的是5kg苹果，只有4.3kg，缺斤少两。配送员态度很差").split(" "));
    for (const query of ["缺斤少两", "缺斤", "苹果", "态度差", "5kg", "苹果 缺斤少两", "斤少"]) {
      expect(matches(tsQueryFor(query)!, indexed), query).toBe(true);
    }
    for (const query of ["香蕉", "苹果 香蕉", "少斤"]) expect(matches(tsQueryFor(query)!, indexed), query).toBe(false);
  });

  it("asks for a Han word as its pairs of neighbouring characters: a two-character word finds exactly the texts holding it", () => {
    expect(tsQueryFor("芒果 发霉")).toBe("芒果 & 发霉");
    expect(tsQueryFor("烂 芒果 Mango")).toBe("烂 & 芒果 & mango");
    expect(tsQueryFor("缺斤少两")).toBe("缺斤 & 斤少 & 少两");
    // At most 12 different words; a repeated word takes one place.
    expect(tsQueryFor(`${"芒果 ".repeat(13)}发霉`)).toBe("芒果 & 发霉");
    const texts = [
      "收到的芒果烂了一半",
      "芒果干发霉了",
      "苹果有霉点，芒很甜",
      "青芒果发霉",
      "mango 发霉",
      "发霉的果子",
      // Characters of both words, but neither word: the characters alone used to match.
      "贵妃芒和奇异果都发了霉",
    ];
    for (const text of texts) {
      const indexed = new Set(searchTermsFor(text).split(" "));
      for (const query of ["芒果 发霉", "芒果", "发霉", "果"])
        expect(matches(tsQueryFor(query)!, indexed), `${query} in ${text}`).toBe(
          query.split(" ").every((word) => text.includes(word)),
        );
    }
  });

  it("lower-cases Latin text, strips tsquery operators, and has nothing to ask for an empty query", () => {
    expect(tsQueryFor("Crushed & 'Mango'")).toBe("crushed & mango");
    expect(tsQueryFor(" ，。!")).toBeNull();
  });
});
