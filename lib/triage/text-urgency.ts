/**
 * The single seam for "how urgent does the customer's text sound". Today a keyword signal; the
 * trained sentiment model (issue 5) replaces the body of this function and nothing else.
 * Score in [0, 1]; reasons are stable codes translated under `triageReasons.`.
 */
export type TextUrgency = { score: number; reasons: string[] };

const SIGNALS: { reason: string; weight: number; words: string[] }[] = [
  { reason: "text_food_safety", weight: 0.6, words: ["拉肚子", "腹泻", "食物中毒", "中毒", "呕吐", "发霉", "霉变", "异物", "有虫", "虫子", "过敏", "住院", "food poisoning", "mold", "mould", "insect", "diarrh"] },
  { reason: "text_legal_exposure", weight: 0.5, words: ["12315", "曝光", "媒体", "律师", "起诉", "投诉到", "消协", "工商", "lawyer", "sue", "media"] },
  { reason: "text_spoiled", weight: 0.3, words: ["腐烂", "烂了", "烂的", "坏了", "变质", "发臭", "臭了", "不新鲜", "rotten", "spoiled", "spoilt"] },
  { reason: "text_strong_negative", weight: 0.25, words: ["太差", "垃圾", "气死", "恶心", "骗子", "欺骗", "再也不", "退款", "愤怒", "失望", "terrible", "disgusting", "scam", "angry"] },
  { reason: "text_repeat_contact", weight: 0.2, words: ["第二次", "第三次", "又是", "多次", "一直没人", "还没人", "again", "third time"] },
];

export function assessTextUrgency(text: string): TextUrgency {
  const haystack = text.toLowerCase();
  let score = 0;
  const reasons: string[] = [];
  for (const signal of SIGNALS) {
    if (signal.words.some((word) => haystack.includes(word))) {
      score += signal.weight;
      reasons.push(signal.reason);
    }
  }
  return { score: Math.min(1, score), reasons };
}
