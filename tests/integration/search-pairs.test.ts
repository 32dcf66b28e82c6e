import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchTermsFor } from "../../lib/nlp/segment";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { queuePages } from "../support/queue-pages";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeAll(() => resetData());

const TEXTS = [
  "收到的芒果烂了一半，要求退款！",
  "买的是5kg苹果，只有4.3kg，缺斤少两。配送员态度很差",
  "芒果发霉了芒果发霉了",
  // Full-width letters, extension A and B, 〇, and a compatibility ideograph (NFKC makes it 豈).
  "ＡＢＣ全角字母，㐀扩展Ａ区，𠀀扩展Ｂ区，〇号仓，丽江\uF900字",
  // Not Han: Hangul, Yi, the private-use area. Han beyond the basic planes: U+16FF0, extension G.
  "배송이 늦었어요, 笑死ꉂꉂ, \uE000\uE001",
  "字\u{16FF0}字, \u{30000}\u{30001}",
  "mango crushed, no Chinese at all",
  "单",
  "",
];

const isPair = (term: string) => [...term].length === 2 && /^\p{Script=Han}+$/u.test(term);

describe("search by pairs of neighbouring Han characters (migration 20261208100000)", () => {
  it("cuts the same pairs in SQL as searchTermsFor does in JavaScript", async () => {
    for (const text of TEXTS) {
      const [{ pairs }] = await testDb.$queryRaw<{ pairs: string[] }[]>`SELECT kesu_han_pairs(${text}) AS pairs`;
      const js = searchTermsFor(text).split(" ").filter(isPair);
      expect(new Set(pairs), text).toEqual(new Set(js));
      expect(new Set(pairs).size, text).toBe(pairs.length);
    }
  });

  it("gives terms written without pairs what searchTermsFor writes now", async () => {
    for (const text of TEXTS) {
      const now = searchTermsFor(text).split(" ").filter(Boolean);
      const before = now.filter((term) => !isPair(term)).join(" ");
      const [{ terms }] = await testDb.$queryRaw<
        { terms: string }[]
      >`SELECT kesu_with_han_pairs(${before}, ${text}) AS terms`;
      const upgraded = terms.split(" ").filter(Boolean);
      expect(new Set(upgraded), text).toEqual(new Set(now));
      expect(new Set(upgraded).size, text).toBe(upgraded.length);
    }
  });

  it("appends only the pairs the terms lack, in the text's order", async () => {
    const [{ terms }] = await testDb.$queryRaw<
      { terms: string }[]
    >`SELECT kesu_with_han_pairs('芒果 芒 果 发霉 发 霉', '芒果发霉了，芒果！') AS terms`;
    expect(terms).toBe("芒果 芒 果 发霉 发 霉 果发 霉了");
  });

  it("finds a complaint written before the migration once its terms are upgraded, and not before", async () => {
    const at = new Date("2026-11-22T12:00:00+08:00");
    const { id: complaintId } = await fileTestComplaint({ description: "青芒果发霉了，一箱都坏了", now: at });
    await fileTestComplaint({ description: "贵妃芒和奇异果都发了霉", now: at });
    const supervisor = await createStaff({ role: "supervisor" });
    const found = async () =>
      (await queuePages({ actor: supervisor, params: { q: "芒果 发霉" }, rareMatches: 1_000, now: at })).seen.flatMap(
        (p) => p.ids,
      );
    expect(await found()).toEqual([complaintId]);
    // As the migration found it: words and characters, no pairs.
    const [{ terms }] = await testDb.$queryRaw<
      { terms: string }[]
    >`SELECT search_terms AS terms FROM complaints WHERE id = ${complaintId}::uuid`;
    const old = terms
      .split(" ")
      .filter((term) => !isPair(term))
      .join(" ");
    await testDb.$executeRaw`UPDATE complaints SET search_terms = ${old} WHERE id = ${complaintId}::uuid`;
    expect(await found()).toEqual([]);
    await testDb.$executeRaw`UPDATE complaints SET search_terms = kesu_with_han_pairs(search_terms, description) WHERE id = ${complaintId}::uuid`;
    expect(await found()).toEqual([complaintId]);
  });
});
