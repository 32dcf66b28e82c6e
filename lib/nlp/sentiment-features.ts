import { tokenizeWithBreaks } from "./tokenizer";

/** Words that flip the meaning of what follows (不新鲜, 没有坏, 一点都不甜, 并不好吃). */
const NEGATORS = new Set([
  "不",
  "没",
  "没有",
  "无",
  "未",
  "别",
  "不是",
  "不太",
  "不够",
  "不怎么",
  "并不",
  "从不",
  "毫不",
  "绝不",
  "不再",
  "不要",
  "不会",
  "不能",
  "没什么",
  "not",
  "no",
  "never",
]);
/** How many words after a negator it reaches (until a clause break). */
const NEGATION_REACH = 2;

/** Longest text whose characters are read (the words stop at the tokenizer's own limit). */
const MAX_CHARS = 2000;

/**
 * Word features: words, with "!" marking those in a negator's reach (so 不新鲜 → !新鲜 and 没有坏
 * → !坏 mean the opposite of 新鲜 and 坏), and adjacent word pairs.
 */
function wordFeatures(text: string): string[] {
  const tokens = tokenizeWithBreaks(text);
  const marked: string[] = [];
  let reach = 0;
  for (const token of tokens) {
    if (token === "|") {
      reach = 0;
      marked.push("|");
      continue;
    }
    if (NEGATORS.has(token)) {
      reach = NEGATION_REACH;
      marked.push(token);
      continue;
    }
    marked.push(reach > 0 ? `!${token}` : token);
    if (reach > 0) reach -= 1;
  }
  const features = new Set<string>();
  for (let i = 0; i < marked.length; i += 1) {
    const word = marked[i]!;
    if (word === "|") continue;
    features.add(word);
    const next = marked[i + 1];
    if (next && next !== "|") features.add(`${word}_${next}`);
  }
  return [...features];
}

/**
 * Character features: every 1-, 2- and 3-character run of the normalised text (runs of spaces
 * collapsed, punctuation kept: "！！" says something), prefixed "c:" so they never meet a word.
 * They carry what jieba cuts differently across domains (不新鲜, 没坏, 太慢) and survive typos.
 */
function charFeatures(text: string): string[] {
  const chars = [...text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim()].slice(0, MAX_CHARS);
  const features = new Set<string>();
  for (let i = 0; i < chars.length; i += 1) {
    const one = chars[i]!;
    if (one !== " ") features.add(`c:${one}`);
    if (i + 1 < chars.length) {
      const two = one + chars[i + 1]!;
      features.add(`c:${two}`);
      if (i + 2 < chars.length) features.add(`c:${two}${chars[i + 2]!}`);
    }
  }
  return [...features];
}

/** The feature sets a sentiment model may be trained on (the model file names its own). */
export const FEATURE_SETS = {
  words: wordFeatures,
  "words+chars": (text: string) => [...wordFeatures(text), ...charFeatures(text)],
} as const;
export type FeatureSet = keyof typeof FEATURE_SETS;

/** Each feature counted once per text (binary features work better on short reviews). */
export function sentimentFeatures(text: string, set: FeatureSet): string[] {
  return FEATURE_SETS[set](text);
}
