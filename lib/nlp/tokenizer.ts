import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { domainDictionary } from "./domain-dictionary";

let jieba: Jieba | undefined;

/** jieba with its bundled dictionary plus the domain words; loading takes ~0.3 s, once per process. */
export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(domainDictionary());
  }
  return jieba;
}

/** Longest text scored: long complaints are truncated for scoring, never rejected. */
const MAX_SCORED_CHARS = 2000;

const TOKEN = /[\p{L}\p{N}]/u;

// jieba's cut of the last few texts: intake cuts one complaint's text for its sentiment and twice
// for its FAQ terms (the context read's question, then the ranking), the same cut each time.
const CUT_MEMO_SIZE = 4;
const cutMemo = new Map<string, readonly string[]>();

function cut(normalized: string): readonly string[] {
  let words = cutMemo.get(normalized);
  if (!words) {
    words = segmenter().cut(normalized, true);
    if (cutMemo.size >= CUT_MEMO_SIZE) cutMemo.delete(cutMemo.keys().next().value!);
    cutMemo.set(normalized, words);
  }
  return words;
}

/** Words of a text (NFKC, lower case, punctuation and emoji dropped), in order; [] for blank text. */
export function tokenize(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase().slice(0, MAX_SCORED_CHARS);
  if (!normalized.trim()) return [];
  return cut(normalized)
    .map((w) => w.trim())
    .filter((w) => w && TOKEN.test(w));
}

/** Like tokenize, but keeps clause breaks (punctuation) as "|" so negation scope can end there. */
export function tokenizeWithBreaks(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase().slice(0, MAX_SCORED_CHARS);
  if (!normalized.trim()) return [];
  const out: string[] = [];
  for (const raw of cut(normalized)) {
    const w = raw.trim();
    if (!w) continue;
    if (TOKEN.test(w)) out.push(w);
    else if (out.length && out[out.length - 1] !== "|") out.push("|");
  }
  return out;
}
