import { TfIdf } from "@node-rs/jieba";
import { idf } from "@node-rs/jieba/dict.js";
import {
  DOMAIN_NOUNS,
  KEYWORD_STOPWORDS,
  LATIN_PROBLEMS,
  LATIN_PRODUCE,
  PROBLEM_WORDS,
  PRODUCE_NAMES,
  STOPWORDS,
} from "./domain-dictionary";
import { segmenter } from "./tokenizer";

/** What a keyword names: a product, a region, what went wrong, or any other meaningful word. */
export type KeywordKind = "product" | "region" | "problem" | "word";

type Keyword = { keyword: string; weight: number; kind: KeywordKind };

/** Descriptions are at most 300 characters; anything longer (a pasted page) is cut, never rejected. */
const MAX_KEYWORD_CHARS = 2000;
/**
 * Parts of speech a keyword may have (jieba's tag set): common nouns, other proper nouns,
 * organisations and verb-nouns (投诉 as "the complaint"). Not person names (nr): in complaints
 * they are customers', riders' and agents' names — personal data, not a topic — or produce jieba
 * mistakes for a name (西红柿, 冰淇淋), which the produce list catches first. Verbs and adjectives
 * only from PROBLEM_WORDS; numerals, quantifiers, localisers (里面), pronouns, time words never.
 */
const NOUN_TAGS = new Set(["n", "nz", "nt", "vn"]);
const PLACE_TAG = "ns";
const LATIN_WORD = /\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*/gu;
const HAS_LATIN = /\p{Script=Latin}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// A customer pasting a web page: tags and entities are not words (no "nbsp" keyword).
const MARKUP = /<[^>]{0,200}>|&(?:[a-z]{2,8}|#\d{1,6}|#x[\da-f]{1,6});/gi;

type Token = { word: string; tag: string };

/**
 * jieba's words of a text with their parts of speech, HMM off (unknown words come out as single
 * characters, not invented words such as "都化" or a customer's name), like TF-IDF's default.
 * Latin words are taken whole by the regex, since jieba splits them at accented letters
 * ("plátanos" → pl á tanos).
 */
function tagged(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const han = (chunk: string) => {
    if (WORD_CHAR.test(chunk)) tokens.push(...segmenter().tag(chunk, false));
  };
  for (const match of text.matchAll(LATIN_WORD)) {
    han(text.slice(last, match.index));
    tokens.push({ word: match[0], tag: "eng" });
    last = match.index + match[0].length;
  }
  han(text.slice(last));
  return tokens;
}

const PRODUCE_SUFFIXES = [...PRODUCE_NAMES].filter((name) => [...name].length >= 2);

let phrases: Map<string, string[][]> | undefined;

/**
 * List entries jieba cuts into several words (化了 → 化 了, 不新鲜 → 不 新鲜, 少送 → 少 送,
 * 阳光玫瑰 → 阳光 玫瑰), indexed by their first word, longest first: a run of the text's words
 * spelling one of them becomes that keyword. Keeping them out of the segmenter's dictionary
 * leaves tokenize() — and so the sentiment model — untouched.
 */
function phraseIndex(): Map<string, string[][]> {
  if (phrases) return phrases;
  phrases = new Map();
  for (const entry of [...PRODUCE_NAMES, ...PROBLEM_WORDS, ...DOMAIN_NOUNS]) {
    const words = segmenter().cut(entry, false);
    if (words.length < 2) continue;
    phrases.set(words[0]!, [...(phrases.get(words[0]!) ?? []), words]);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.length - a.length);
  return phrases;
}

/** The text's words with multi-word list entries joined (see phraseIndex). */
function joinPhrases(tokens: Token[]): Token[] {
  const index = phraseIndex();
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const match = index.get(tokens[i]!.word)?.find((words) => words.every((w, k) => tokens[i + k]?.word === w));
    if (match) {
      out.push({ word: match.join(""), tag: "phrase" });
      i += match.length - 1;
    } else out.push(tokens[i]!);
  }
  return out;
}

/** A word and its part of speech → its kind as a keyword, or null when it is not one. */
function kindOf(word: string, tag: string, regions?: ReadonlySet<string>): KeywordKind | null {
  if (PRODUCE_NAMES.has(word) || LATIN_PRODUCE.has(word)) return "product";
  if (PROBLEM_WORDS.has(word) || LATIN_PROBLEMS.has(word)) return "problem";
  if (KEYWORD_STOPWORDS.has(word) || STOPWORDS.has(word)) return null;
  if (DOMAIN_NOUNS.has(word)) return "word";
  if (regions?.has(word)) return "region";
  if (HAS_LATIN.test(word)) return null;
  if ([...word].length < 2) return null;
  if (tag === PLACE_TAG) return "region";
  if (!NOUN_TAGS.has(tag)) return null;
  // 鲜牛奶, 土鸡蛋, 红心火龙果: a noun ending in a produce name names that produce.
  return PRODUCE_SUFFIXES.some((name) => word.endsWith(name)) ? "product" : "word";
}

let tfidf: TfIdf | undefined;
const idfCache = new Map<string, number>();
// A Latin word: never in jieba's table, so extractKeywords gives it the median IDF.
const UNKNOWN_WORD = "kesu";

/**
 * A word's IDF from jieba's bundled table. @node-rs/jieba exposes the table only through
 * extractKeywords: for a one-word text tf = total = 1, so the weight is the IDF. A word not in the
 * table — or a joined phrase (化了) — gets the median IDF, as jieba scores unknown words (asked
 * of a Latin word, which the table never has). Cheaper than a second copy of the 270 000-line
 * table in JavaScript (~65 MB of heap).
 */
function idfOf(word: string): number {
  let value = idfCache.get(word);
  if (value === undefined) {
    if (!tfidf) {
      tfidf = TfIdf.withDict(idf);
      tfidf.setConfig({ minKeywordLength: 1, useHmm: false, stopWords: new Set() });
    }
    const [single] = tfidf.extractKeywords(segmenter(), word, 1);
    value = single?.keyword === word || word === UNKNOWN_WORD ? (single?.weight ?? 0) : idfOf(UNKNOWN_WORD);
    // Complaint vocabulary is small; the bound only matters for a flood of distinct junk.
    if (idfCache.size >= 50_000) idfCache.clear();
    idfCache.set(word, value);
  }
  return value;
}

function normalize(text: string): string {
  return text.normalize("NFKC").slice(0, MAX_KEYWORD_CHARS).toLowerCase().replace(MARKUP, " ");
}

/**
 * The most distinctive meaningful words of a text, best first: TF-IDF (jieba's bundled IDF) over
 * the words that can be keywords — nouns, places, produce, failures (see kindOf) — each with its
 * kind. Ties keep the order of first mention. Bounded for any input; [] for text without words.
 */
export function topKeywords(text: string, count: number): Keyword[] {
  const tokens = joinPhrases(tagged(normalize(text)));
  const total = tokens.filter((t) => WORD_CHAR.test(t.word)).length;
  const found = new Map<string, { kind: KeywordKind; tf: number; first: number }>();
  tokens.forEach(({ word, tag }, position) => {
    const seen = found.get(word);
    if (seen) seen.tf += 1;
    else {
      const kind = kindOf(word, tag);
      if (kind) found.set(word, { kind, tf: 1, first: position });
    }
  });
  return [...found]
    .map(([keyword, { kind, tf, first }]) => ({ keyword, kind, first, weight: (tf * idfOf(keyword)) / total }))
    .sort((a, b) => b.weight - a.weight || a.first - b.first)
    .slice(0, Math.max(0, count))
    .map(({ keyword, kind, weight }) => ({ keyword, weight: Math.round(weight * 1000) / 1000, kind }));
}

/**
 * A stored keyword's kind, or null when today's rules would not pick it (keywords stored before
 * them: 还有, 小时 …), so the word cloud and the weekly report leave it out. `regions`: the
 * shop's region names (orders' `region`, as the dashboard lists them), recognised even where
 * jieba does not know them as places.
 */
export function keywordKind(word: string, regions?: ReadonlySet<string>): KeywordKind | null {
  const normalized = word.normalize("NFKC").toLowerCase();
  if (!WORD_CHAR.test(normalized) || normalized.length > 40) return null;
  const regionNames = regions && new Set([...regions].map((r) => r.normalize("NFKC").toLowerCase()));
  if (regionNames?.has(normalized)) return kindOf(normalized, PLACE_TAG, regionNames);
  const tokens = joinPhrases(tagged(normalized));
  return tokens.length === 1 && tokens[0]!.word === normalized ? kindOf(normalized, tokens[0]!.tag, regionNames) : null;
}
