/**
 * Finding phrases in a complaint with their negation scope, for risk cues (lib/triage/risk-cues.ts)
 * and emotion cues (lib/nlp/emotion.ts) alike. Chinese has no spaces, so a phrase is negated when a
 * negator stands right before it in the same clause (two fillers such as 发现 or 任何 allowed:
 * "没有发现任何异物"), or when it follows a negated phrase in the same clause, joined by nothing or a
 * conjunction ("没有拉肚子和呕吐"). English phrases match whole words and are negated by
 * not/no/never/…n't up to three words before, in the same clause. Each text position belongs to
 * one phrase (the longest: 中毒 inside 食物中毒 is one). Linear in the text's length.
 */

export type Phrase<Key extends string> = { key: Key; zh: string[]; en: RegExp[] };
export type PhraseMatch<Key extends string> = { key: Key; cue: string; negated: boolean };

/** Negators of risk cues; 不 alone is not one (不新鲜 is itself a cue). */
const BASE_NEGATORS = [
  "并没有",
  "并没",
  "也没有",
  "也没",
  "还没有",
  "都没有",
  "都没",
  "没有",
  "没",
  "并不是",
  "并不",
  "不是",
  "不会",
  "不算",
  "不至于",
  "算不上",
  "谈不上",
  "从未",
  "从没",
  "未",
  "无",
];
const FILLERS = "(?:出现|发现|什么|任何|再|过|有|看到|吃出|太|很|怎么|那么){0,2}";
// What may join two phrases under one negation.
const ZH_JOINER = /^(?:|和|或|或者|也|、|及|跟|与)$/;
const CLAUSE_BREAK = /[，。！？；,.!?;\n]/;
const EN_NEGATOR = /^(?:not|no|never|without|nor|none|neither)$|n't$/;
// How many words before an English phrase a negator may stand ("did not get food poisoning").
const EN_NEGATION_WORDS = 3;
const LATIN_LETTER = /[a-z]/;

/** For each position, where its clause begins: computed once, so a long text costs linear time. */
function clauseStarts(text: string): Int32Array {
  const starts = new Int32Array(text.length + 1);
  let start = 0;
  for (let i = 0; i <= text.length; i += 1) {
    starts[i] = start;
    if (i < text.length && CLAUSE_BREAK.test(text[i]!)) start = i + 1;
  }
  return starts;
}

/**
 * A matcher for a fixed list of phrases. `extraNegators` adds negators for phrases that cannot
 * contain them (emotion words: 不急, 别生气). The text must already be NFKC-normalised and lower-cased.
 */
export function phraseMatcher<Key extends string>({
  phrases,
  extraNegators = [],
}: {
  phrases: Phrase<Key>[];
  extraNegators?: string[];
}): (text: string) => PhraseMatch<Key>[] {
  const base = [...BASE_NEGATORS].sort((a, b) => b.length - a.length);
  // Extra negators are single characters inside many words (特别, 区别, 不过, 不管): they negate
  // only right before the phrase, with at most a degree word between (不生气, 别着急, 不太担心),
  // and 别 not when it ends a word.
  const extra = [...extraNegators]
    .sort((a, b) => b.length - a.length)
    .map((n) => (n === "别" ? `(?<![特区分个级类性告识差])别` : n));
  const zhNegator = new RegExp(
    `(?:(?:${base.join("|")})${FILLERS}${extra.length ? `|(?:${extra.join("|")})(?:太|很|怎么|那么|用|必)?` : ""})$`,
  );
  // Longest first, so a position is claimed by the longest phrase covering it.
  const zh = phrases
    .flatMap((p) => p.zh.map((cue) => ({ key: p.key, cue })))
    .sort((a, b) => b.cue.length - a.cue.length);
  const en = phrases.flatMap((p) => p.en.map((pattern) => ({ key: p.key, pattern: new RegExp(pattern.source, "g") })));

  function chinese(text: string, starts: Int32Array): PhraseMatch<Key>[] {
    const taken = new Uint8Array(text.length);
    const found: { key: Key; cue: string; start: number; end: number }[] = [];
    for (const { key, cue } of zh) {
      for (let at = text.indexOf(cue); at !== -1; at = text.indexOf(cue, at + 1)) {
        const end = at + cue.length;
        if (taken.subarray(at, end).some((t) => t === 1)) continue;
        taken.fill(1, at, end);
        found.push({ key, cue, start: at, end });
      }
    }
    found.sort((a, b) => a.start - b.start);
    const negated: boolean[] = [];
    found.forEach((match, index) => {
      const clause = starts[match.start]!;
      // The negator must stand right before the phrase: only the last few characters of the clause matter.
      const before = text.slice(Math.max(clause, match.start - 8), match.start);
      const previous = index > 0 ? found[index - 1]! : null;
      const chained =
        previous !== null &&
        negated[index - 1] === true &&
        previous.end <= match.start &&
        ZH_JOINER.test(text.slice(previous.end, match.start)) &&
        clause <= previous.start;
      negated.push(chained || zhNegator.test(before));
    });
    return found.map((match, index) => ({ key: match.key, cue: match.cue, negated: negated[index]! }));
  }

  function english(text: string, starts: Int32Array): PhraseMatch<Key>[] {
    const matches: PhraseMatch<Key>[] = [];
    for (const { key, pattern } of en)
      for (const found of text.matchAll(pattern)) {
        const start = found.index ?? 0;
        const words = text
          .slice(Math.max(starts[start]!, start - 60), start)
          .split(/[^a-z']+/)
          .filter(Boolean)
          .slice(-EN_NEGATION_WORDS);
        matches.push({ key, cue: found[0], negated: words.some((word) => EN_NEGATOR.test(word)) });
      }
    return matches;
  }

  return (text) => {
    const starts = clauseStarts(text);
    // English phrases are words: a text without a Latin letter (most complaints) has none, and
    // skipping their patterns saves a scan of the text per pattern.
    return [...chinese(text, starts), ...(LATIN_LETTER.test(text) ? english(text, starts) : [])];
  };
}
