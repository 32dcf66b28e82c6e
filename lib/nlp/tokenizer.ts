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

/** Words of a text (NFKC, lower case, punctuation and emoji dropped), in order; [] for blank text. */
export function tokenize(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase().slice(0, MAX_SCORED_CHARS);
  if (!normalized.trim()) return [];
  return segmenter()
    .cut(normalized, true)
    .map((w) => w.trim())
    .filter((w) => w && TOKEN.test(w));
}

/** Like tokenize, but keeps clause breaks (punctuation) as "|" so negation scope can end there. */
export function tokenizeWithBreaks(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase().slice(0, MAX_SCORED_CHARS);
  if (!normalized.trim()) return [];
  const out: string[] = [];
  for (const raw of segmenter().cut(normalized, true)) {
    const w = raw.trim();
    if (!w) continue;
    if (TOKEN.test(w)) out.push(w);
    else if (out.length && out[out.length - 1] !== "|") out.push("|");
  }
  return out;
}
