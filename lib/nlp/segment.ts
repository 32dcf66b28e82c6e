import { segmenter } from "./tokenizer";

// Keywords moved to keywords.ts (part-of-speech filter, domain stop list, kinds); intake, the
// nlp command line and the bulk seed import them from here.
export { topKeywords } from "./keywords";

const CJK = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

function words(text: string): string[] {
  return (
    segmenter()
      .cutForSearch(text.normalize("NFKC").toLowerCase(), true)
      .map((w) => w.trim())
      .filter((w) => WORD.test(w))
      // tsquery syntax characters never reach the database as operators.
      .map((w) => w.replace(/[&|!():*<>'\\]/g, ""))
      .filter(Boolean)
  );
}

/**
 * What gets indexed for a description: jieba's words (precise matches such as 芒果, 缺斤少两),
 * every Han character on its own (a one-character query: 烂, 差), and every two Han characters
 * side by side in the text (芒果, 果发, 发霉 in 芒果发霉), which is what a query's Han words are
 * asked as (tsQueryFor). Stored space-separated; complaints.search_vector keeps it as
 * to_tsvector('simple', …), GIN-indexed (migration 20261201000000); migration 20261208100000 gave
 * the pairs to the rows written before them (kesu_han_pairs, the same pairs in SQL).
 */
export function searchTermsFor(text: string): string {
  const terms = new Set<string>();
  for (const word of words(text)) {
    terms.add(word);
    if ([...word].length > 1) for (const char of word) if (CJK.test(char)) terms.add(char);
  }
  for (const pair of hanPairs(text)) terms.add(pair);
  return [...terms].join(" ");
}

/** Every two Han characters next to each other in the text, in order, each once. */
function hanPairs(text: string): Set<string> {
  const chars = [...text.normalize("NFKC")];
  const pairs = new Set<string>();
  for (let i = 1; i < chars.length; i += 1)
    if (CJK.test(chars[i - 1]!) && CJK.test(chars[i]!)) pairs.add(chars[i - 1]! + chars[i]!);
  return pairs;
}

/**
 * A search query as tsquery text for to_tsquery('simple', …): every word must match. A Han word
 * is asked for as its pairs of neighbouring characters (芒果 → 芒果; 缺斤少两 → 缺斤 & 斤少 & 少两),
 * a one-character word as itself: searchTermsFor indexes every pair a description holds, however
 * jieba cut it, so a query jieba cuts differently from the description (缺斤) is still found, and
 * 态度差 (态度 & 差) finds 态度很差. Pairs, not characters: at 3 M complaints 芒, 发 and 霉 are each
 * in about 170 000 complaints and 果 in 730 000, and PostgreSQL's GIN scan for 芒 & 果 & 发 & 霉
 * stepped through all of them (37 ms, finding none), where the pair 芒果 is in none of them (issue
 * 14, point 7). It also stops 贵妃芒 … 奇异果 from matching 芒果. Words are already stripped of
 * tsquery operators. Null for an empty query.
 */
export function tsQueryFor(query: string): string | null {
  const terms = new Set(queryTerms(query).flat());
  return terms.size ? [...terms].join(" & ") : null;
}

/** A query's words as the terms tsQueryFor asks for each: a Han word's pairs of characters, any other word itself. */
export function queryTerms(query: string): string[][] {
  return [...new Set(words(query))].slice(0, 12).map((word) => {
    const chars = [...word];
    return chars.length > 1 && chars.every((c) => CJK.test(c)) ? [...hanPairs(word)] : [word];
  });
}
