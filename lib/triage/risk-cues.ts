/**
 * The risk cues triage looks for in a complaint's text, with their scope (issue 17, point 3): a
 * cue a negation rules out ("没有拉肚子", "并没有发霉", "no mold", "wasn't rotten") does not fire,
 * and English cues match whole words ("sue" is not in "issue"). Chinese has no spaces, so a cue is
 * negated when a negator stands right before it in the same clause (two fillers such as 发现 or
 * 任何 allowed: "没有发现任何异物"), or when it follows a negated cue in the same clause, joined by
 * nothing or a conjunction ("没有拉肚子和呕吐", "不会投诉到12315"). "没想到拉肚子了" still fires:
 * 没 negates 想到 there, not the cue.
 */

export type CueReason = "text_food_safety" | "text_legal_exposure" | "text_spoiled" | "text_strong_negative";

type Cue = { reason: CueReason; weight: number; zh: string[]; en: RegExp[] };

export const CUES: Cue[] = [
  {
    reason: "text_food_safety",
    weight: 0.6,
    zh: [
      "拉肚子",
      "腹泻",
      "食物中毒",
      "中毒",
      "呕吐",
      "发霉",
      "霉变",
      "长毛",
      "异物",
      "有虫",
      "长虫",
      "虫子",
      "过敏",
      "住院",
    ],
    en: [
      /\bfood poisoning\b/,
      /\bmou?ld(y|ed)?\b/,
      /\binsects?\b/,
      /\bbugs?\b/,
      /\bdiarrh(o)?ea\b/,
      /\bvomit(ed|ing)?\b/,
    ],
  },
  {
    reason: "text_legal_exposure",
    weight: 0.5,
    zh: ["12315", "曝光", "媒体", "律师", "起诉", "投诉到", "消协", "工商", "市场监管"],
    en: [/\blawyers?\b/, /\bsu(e|ed|ing)\b/, /\bmedia\b/, /\blawsuit\b/],
  },
  {
    reason: "text_spoiled",
    weight: 0.3,
    zh: ["腐烂", "烂了", "烂的", "烂掉", "坏了", "变质", "发臭", "臭了", "不新鲜"],
    en: [/\brotten\b/, /\bspoil(ed|t)\b/, /\brotting\b/],
  },
  {
    reason: "text_strong_negative",
    weight: 0.2,
    zh: ["太差", "垃圾", "气死", "恶心", "骗子", "欺骗", "再也不", "愤怒", "无语", "！！", "!!"],
    en: [/\bterrible\b/, /\bdisgusting\b/, /\bscam\b/, /\bangry\b/],
  },
];

// A negator right before the cue, with at most two fillers between them ("没有发现任何异物").
const ZH_NEGATOR =
  /(?:并没有|并没|也没有|也没|还没有|都没有|都没|没有|没|并不是|并不|不是|不会|不算|不至于|算不上|谈不上|从未|从没|未|无)(?:出现|发现|什么|任何|再|过|有|看到|吃出){0,2}$/;
// What may join two cues under one negation.
const ZH_JOINER = /^(?:|和|或|或者|也|、|及|跟|与)$/;
const CLAUSE_BREAK = /[，。！？；,.!?;\n]/;
const EN_NEGATOR = /^(?:not|no|never|without|nor|none|neither)$|n't$/;
// How many words before an English cue a negator may stand ("did not get food poisoning").
const EN_NEGATION_WORDS = 3;

export type CueMatch = { reason: CueReason; cue: string; negated: boolean };

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

// Chinese cues, longest first (中毒 inside 食物中毒 is one cue, the longer).
const ZH_CUES = CUES.flatMap((c) => c.zh.map((cue) => ({ reason: c.reason, cue }))).sort(
  (a, b) => b.cue.length - a.cue.length,
);

/** Chinese cues, each text position counted once. */
function chineseMatches(text: string, starts: Int32Array): CueMatch[] {
  const taken = new Uint8Array(text.length);
  const found: { reason: CueReason; cue: string; start: number; end: number }[] = [];
  for (const { reason, cue } of ZH_CUES) {
    for (let at = text.indexOf(cue); at !== -1; at = text.indexOf(cue, at + 1)) {
      const end = at + cue.length;
      if (taken.subarray(at, end).some((t) => t === 1)) continue;
      taken.fill(1, at, end);
      found.push({ reason, cue, start: at, end });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const negated: boolean[] = [];
  found.forEach((match, index) => {
    const clause = starts[match.start]!;
    // The negator must stand right before the cue: only the last few characters of the clause matter.
    const before = text.slice(Math.max(clause, match.start - 8), match.start);
    const previous = index > 0 ? found[index - 1]! : null;
    const chained =
      previous !== null &&
      negated[index - 1] === true &&
      previous.end <= match.start &&
      ZH_JOINER.test(text.slice(previous.end, match.start)) &&
      clause <= previous.start;
    negated.push(chained || ZH_NEGATOR.test(before));
  });
  return found.map((match, index) => ({ reason: match.reason, cue: match.cue, negated: negated[index]! }));
}

/** English cues as whole words; negated by not/no/never/…n't up to three words before, in the same clause. */
function englishMatches(text: string, starts: Int32Array): CueMatch[] {
  const matches: CueMatch[] = [];
  for (const { reason, en } of CUES)
    for (const pattern of en)
      for (const found of text.matchAll(new RegExp(pattern.source, "g"))) {
        const start = found.index ?? 0;
        const words = text
          .slice(Math.max(starts[start]!, start - 60), start)
          .split(/[^a-z']+/)
          .filter(Boolean)
          .slice(-EN_NEGATION_WORDS);
        matches.push({ reason, cue: found[0], negated: words.some((word) => EN_NEGATOR.test(word)) });
      }
  return matches;
}

/** Every cue in the text (already NFKC-normalised and lower-cased), negated or not. */
export function findCues(text: string): CueMatch[] {
  const starts = clauseStarts(text);
  return [...chineseMatches(text, starts), ...englishMatches(text, starts)];
}
