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
 * What gets indexed for a description: jieba's words (precise matches such as 芒果, 缺斤少两)
 * plus every Han character on its own, so a query jieba cuts differently (缺斤, 差) still finds
 * the complaint. Stored space-separated; complaints.search_vector keeps it as
 * to_tsvector('simple', …), GIN-indexed (migration 20261201000000).
 */
export function searchTermsFor(text: string): string {
  const terms = new Set<string>();
  for (const word of words(text)) {
    terms.add(word);
    if ([...word].length > 1) for (const char of word) if (CJK.test(char)) terms.add(char);
  }
  return [...terms].join(" ");
}

/**
 * A search query as tsquery text for to_tsquery('simple', …): every word must match. A Han word
 * is asked for as its characters alone — every one of them must be there: searchTermsFor indexes
 * a word's characters with it, so `芒果 | (芒 & 果)` finds exactly what `芒 & 果` finds, and a query
 * jieba cuts differently from the description (缺斤) is still found. A plain AND lets PostgreSQL's
 * GIN scan skip through the common characters' long lists (果 is in a quarter of the complaints)
 * from the rarest one, where an OR made it read them whole (issue 14, point 7). Words are already
 * stripped of tsquery operators. Null for an empty query.
 */
export function tsQueryFor(query: string): string | null {
  const terms = new Set(queryTerms(query).flat());
  return terms.size ? [...terms].join(" & ") : null;
}

/** A query's words as the terms tsQueryFor asks for each: a Han word's characters, any other word itself. */
export function queryTerms(query: string): string[][] {
  return [...new Set(words(query))].slice(0, 12).map((word) => {
    const chars = [...word];
    return chars.length > 1 && chars.every((c) => CJK.test(c)) ? chars : [word];
  });
}
