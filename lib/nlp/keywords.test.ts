import { describe, expect, it } from "vitest";
import { PROBLEM_WORDS, PRODUCE_NAMES } from "./domain-dictionary";
import { keywordKind, topKeywords } from "./keywords";
import { tokenize } from "./tokenizer";

const words = (text: string, count = 10) => topKeywords(text, count).map((k) => k.keyword);
const kinds = (text: string, count = 10) =>
  Object.fromEntries(topKeywords(text, count).map((k) => [k.keyword, k.kind]));

// The issue's example: what jieba tags 还有/v 好几个/m 里面/f 小时/n 上海浦东/ns 车厘子/n 缺斤少两/i 发霉/a 烂/v 送到/v 态度/n 配送员/n.
const ISSUE_TEXT = "还有好几个里面坏了，等了好几个小时，上海浦东的车厘子缺斤少两，发霉烂了，送到了态度差，配送员也不管";
const JUNK = ["还有", "好几个", "里面", "小时"];

describe("keywords: part of speech, domain stop list, kinds", () => {
  it("never gives the words that say nothing (还有 好几个 里面 小时), in any text or as a stored keyword", () => {
    const texts = [
      ISSUE_TEXT,
      "还有好几个",
      "里面还有好几个烂的",
      "等了三个小时，还有两个小时才到",
      "小时小时小时 里面里面 还有还有 好几个好几个",
    ];
    for (const text of texts) for (const junk of JUNK) expect(words(text, 20), text).not.toContain(junk);
    for (const junk of JUNK) expect(keywordKind(junk), junk).toBeNull();
  });

  it("keeps products, problems, regions and meaningful nouns, each kinded", () => {
    expect(kinds(ISSUE_TEXT)).toEqual({
      缺斤少两: "problem",
      车厘子: "product",
      配送员: "word",
      上海浦东: "region",
      发霉: "problem",
      烂: "problem",
      坏: "problem",
      态度: "word",
    });
    expect(kinds("上海的车厘子缺斤少两，还发霉了")).toEqual({
      上海: "region",
      车厘子: "product",
      缺斤少两: "problem",
      发霉: "problem",
    });
    expect(keywordKind("上海")).toBe("region");
    expect(keywordKind("车厘子")).toBe("product");
    expect(keywordKind("缺斤少两")).toBe("problem");
    expect(keywordKind("发霉")).toBe("problem");
    expect(keywordKind("包装")).toBe("word");
  });

  it("drops other verbs and adjectives, numerals, pronouns, people's names and the domain stop list", () => {
    const found = words("张伟说我们订单的东西有问题，商品送到了，收到三个苹果，感觉很新鲜，情况就这样", 20);
    expect(found).toEqual(["苹果"]);
    for (const word of ["送到", "张伟", "我们", "订单", "东西", "问题", "商品", "情况", "三个", "新鲜"])
      expect(keywordKind(word), word).toBeNull();
    // 客服 is kept on purpose: what service complaints are about.
    expect(words("客服态度差，一直不回复")).toEqual(expect.arrayContaining(["客服", "态度"]));
  });

  it("recognises produce jieba tags as a place or a name, and a noun ending in a produce name", () => {
    expect(kinds("西瓜和西红柿都坏了，冰淇淋也是")).toEqual({
      西瓜: "product",
      西红柿: "product",
      冰淇淋: "product",
      坏: "problem",
    });
    expect(keywordKind("鲜牛奶")).toBe("product");
    for (const name of PRODUCE_NAMES) expect(keywordKind(name), name).toBe("product");
    for (const word of PROBLEM_WORDS) expect(keywordKind(word), word).toBe("problem");
  });

  it("joins failures jieba cuts apart (化了, 不新鲜, 少送) for keywords only, leaving tokenize alone", () => {
    expect(kinds("雪糕都化了，少送了一袋，一点都不新鲜")).toEqual({
      雪糕: "product",
      化了: "problem",
      少送: "problem",
      不新鲜: "problem",
    });
    // The sentiment model reads "不 新鲜" as the negated feature !新鲜: its words do not change.
    const tokens = tokenize("雪糕都化了，少送了一袋，一点都不新鲜");
    expect(tokens).not.toContain("化了");
    expect(tokens).not.toContain("不新鲜");
    expect(tokens.slice(-2)).toEqual(["不", "新鲜"]);
  });

  it("names a shop region as a region even where jieba does not know the place", () => {
    expect(keywordKind("临港新片区")).not.toBe("region");
    expect(keywordKind("临港新片区", new Set(["临港新片区", "上海"]))).toBe("region");
    // A product stays a product whatever the region list says.
    expect(keywordKind("西瓜", new Set(["西瓜"]))).toBe("product");
  });

  it("reads English and Spanish through its word lists only", () => {
    expect(kinds("Half the strawberries are moldy and my order was late. Refund please")).toEqual({
      strawberries: "product",
      moldy: "problem",
      late: "problem",
      refund: "word",
    });
    expect(kinds("Los plátanos llegaron podridos")).toEqual({ plátanos: "product", podridos: "problem" });
  });

  it("ranks by TF-IDF, best first, ties in order of mention, and returns at most `count`", () => {
    const ranked = topKeywords("芒果烂了，我们觉得芒果不新鲜，芒果还发霉了", 5);
    expect(ranked[0]).toMatchObject({ keyword: "芒果", kind: "product" });
    expect(ranked.map((k) => k.weight)).toEqual([...ranked.map((k) => k.weight)].sort((a, b) => b - a));
    expect(topKeywords(ISSUE_TEXT, 3)).toHaveLength(3);
    expect(topKeywords(ISSUE_TEXT, 0)).toEqual([]);
    expect(topKeywords(ISSUE_TEXT, -1)).toEqual([]);
    // Two joined phrases weigh the same (the median IDF): the first mentioned comes first.
    expect(words("不甜，化了")).toEqual(["不甜", "化了"]);
    expect(words("化了，不甜")).toEqual(["化了", "不甜"]);
  });

  it("kinds a stored keyword as intake did, so the cloud and the report keep every keyword intake stores", () => {
    const complaints = [
      "收到的芒果有两个已经烂了，还有一股酸味。",
      "承诺下午六点前送达，结果晚上九点才到。",
      "买的是5kg苹果，称了一下只有4.3kg，缺斤少两。",
      "配送员态度很差，还把东西扔在门口。",
      "同一笔订单被扣了两次款，请尽快退回。",
      "包装破了，草莓压坏了一半。",
      "一箱芒果烂了一半，客服还让我自己拍视频证明，凭什么？",
      "再不给我退款我就打12315，说到做到。",
      "阳光玫瑰葡萄有好几颗长毛了，孩子差点吃了",
      "麒麟西瓜送到时已经裂口，冰袋全化了",
      "杭州的订单三天了还没发货，物流信息一直不更新",
      "I paid for 5kg of potatoes and got 3.8kg, and two kiwis were mushy.",
    ];
    for (const text of complaints)
      for (const { keyword, kind } of topKeywords(text, 5))
        expect(keywordKind(keyword), `${keyword} in ${text}`).toBe(kind);
  });

  it("is bounded and never throws on bad input: empty, emoji only, 50 000 characters, HTML", () => {
    expect(topKeywords("", 5)).toEqual([]);
    expect(topKeywords("   \n\t", 5)).toEqual([]);
    expect(topKeywords("😡😡😡🍎🍎", 5)).toEqual([]);
    expect(topKeywords("，。！？……", 5)).toEqual([]);
    const long = "芒果烂了还有好几个小时".repeat(5_000);
    expect(long).toHaveLength(55_000);
    const started = performance.now();
    const fromLong = topKeywords(long, 5);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fromLong.map((k) => k.keyword)).toEqual(["芒果", "烂"]);
    expect(words("x".repeat(50_000))).toEqual([]);
    expect(words("<script>alert('芒果')</script><b>草莓</b>&nbsp;&amp;&#39;发霉").sort()).toEqual(
      ["芒果", "草莓", "发霉"].sort(),
    );
    expect(keywordKind("")).toBeNull();
    expect(keywordKind("😡")).toBeNull();
    expect(keywordKind("芒".repeat(50_000))).toBeNull();
  });
});
