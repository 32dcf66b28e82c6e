import { scoreSentiment, type Sentiment } from "../nlp/sentiment";

/**
 * The single seam for "how urgent does the customer's text sound": the trained sentiment model's
 * negativity (lib/nlp/sentiment.ts) combined with risk signals — food safety, legal or public
 * exposure, spoiled goods, repeated contact, strong language. Score in [0, 1]; reasons are stable
 * codes translated under `triageReasons.`.
 */
export type TextUrgency = { score: number; reasons: string[]; sentiment: Sentiment };

/** The text signals triage names (also conditions of the handling rules, lib/triage/handling-rules.ts). */
export const TEXT_SIGNALS = [
  "text_negative",
  "text_food_safety",
  "text_legal_exposure",
  "text_spoiled",
  "text_strong_negative",
  "text_repeat_contact",
] as const;
type TextSignal = (typeof TEXT_SIGNALS)[number];

const SIGNALS: { reason: TextSignal; weight: number; words: string[] }[] = [
  {
    reason: "text_food_safety",
    weight: 0.6,
    words: [
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
      "food poisoning",
      "mold",
      "mould",
      "insect",
      "diarrh",
    ],
  },
  {
    reason: "text_legal_exposure",
    weight: 0.5,
    words: ["12315", "曝光", "媒体", "律师", "起诉", "投诉到", "消协", "工商", "市场监管", "lawyer", "sue", "media"],
  },
  {
    reason: "text_spoiled",
    weight: 0.3,
    words: ["腐烂", "烂了", "烂的", "烂掉", "坏了", "变质", "发臭", "臭了", "不新鲜", "rotten", "spoiled", "spoilt"],
  },
  {
    reason: "text_strong_negative",
    weight: 0.2,
    words: [
      "太差",
      "垃圾",
      "气死",
      "恶心",
      "骗子",
      "欺骗",
      "再也不",
      "愤怒",
      "无语",
      "！！",
      "!!",
      "terrible",
      "disgusting",
      "scam",
      "angry",
    ],
  },
  {
    reason: "text_repeat_contact",
    weight: 0.2,
    words: ["第二次", "第三次", "又是", "多次", "一直没人", "还没人", "没人理", "again", "third time"],
  },
];
/** How much plain negativity adds on its own: a negative text is not yet an urgent one. */
const NEGATIVITY_WEIGHT = 0.25;
const NEGATIVE_REASON_THRESHOLD = 0.8;

export function assessTextUrgency(text: string): TextUrgency {
  const sentiment = scoreSentiment(text);
  const haystack = text.normalize("NFKC").toLowerCase();
  let score = sentiment.label === "neutral" && sentiment.negative === 0.5 ? 0 : NEGATIVITY_WEIGHT * sentiment.negative;
  const reasons: string[] = sentiment.negative >= NEGATIVE_REASON_THRESHOLD ? ["text_negative"] : [];
  for (const signal of SIGNALS) {
    if (signal.words.some((word) => haystack.includes(word))) {
      score += signal.weight;
      reasons.push(signal.reason);
    }
  }
  return { score: Math.round(Math.min(1, score) * 1000) / 1000, reasons, sentiment };
}
