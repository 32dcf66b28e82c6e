import { phraseMatcher } from "../nlp/phrase-scope";

/**
 * The risk cues triage looks for in a complaint's text, with their scope (issue 17, point 3): a
 * cue a negation rules out ("没有拉肚子", "并没有发霉", "no mold", "wasn't rotten") does not fire,
 * and English cues match whole words ("sue" is not in "issue"); lib/nlp/phrase-scope.ts says how
 * scope is read. "没想到拉肚子了" still fires: 没 negates 想到 there, not the cue.
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

export type CueMatch = { reason: CueReason; cue: string; negated: boolean };

const matchCues = phraseMatcher({ phrases: CUES.map((c) => ({ key: c.reason, zh: c.zh, en: c.en })) });

/** Every cue in the text (already NFKC-normalised and lower-cased), negated or not. */
export function findCues(text: string): CueMatch[] {
  return matchCues(text).map((m) => ({ reason: m.key, cue: m.cue, negated: m.negated }));
}
