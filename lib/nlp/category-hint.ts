import type { Category } from "../complaints/vocabulary/taxonomy";
import { tokenize } from "./tokenizer";

/** Words that point at a subtype (matched against the description's words and text). */
const CUES: Partial<Record<Category, string[]>> = {
  "product.quality": [
    "烂",
    "坏",
    "发霉",
    "霉",
    "腐烂",
    "变质",
    "不新鲜",
    "有虫",
    "异物",
    "臭",
    "软",
    "酸",
    "苦",
    "拉肚子",
  ],
  "product.mismatch": ["不符", "不一样", "图片", "描述", "品种", "规格", "太小", "个头"],
  "product.short_weight": ["缺斤少两", "斤", "称", "重量", "克", "少了", "不足"],
  "product.out_of_stock": ["缺货", "没货", "断货", "无货"],
  "order.payment": ["扣款", "扣了", "支付", "付款", "重复", "两次", "多扣"],
  "order.cancellation": ["取消", "撤销"],
  "order.price": ["价格", "贵", "降价", "差价", "优惠", "原价"],
  "delivery.late": ["晚", "慢", "迟", "超时", "等了", "没送到", "延迟"],
  "delivery.wrong": ["送错", "发错", "错发", "漏发", "少发", "不是我"],
  "delivery.damaged": ["破损", "压坏", "压烂", "包装", "磕碰", "漏"],
  "service.attitude": ["态度", "骂", "凶", "不耐烦", "扔"],
  "service.slow": ["不回复", "没人理", "客服", "等了很久"],
};

const MIN_EVIDENCE = 2;

/** The cues of a list found in the text: as a word of it, or inside it (cues longer than a word). */
function cueFinder(description: string) {
  const text = description.normalize("NFKC").toLowerCase();
  const words = new Set(tokenize(description));
  return (cues: string[]) => [...new Set(cues.filter((cue) => words.has(cue) || text.includes(cue)))];
}

/**
 * When the text clearly points elsewhere than the chosen subtype — no cue for the chosen one, at
 * least two for another — the subtype to suggest and the words that suggest it (for agents to
 * judge, never applied automatically).
 */
export function categoryHint({
  category,
  description,
}: {
  category: Category;
  description: string;
}): { suggested: Category; evidence: string[] } | null {
  const evidenceFor = cueFinder(description);
  if (evidenceFor(CUES[category] ?? []).length > 0) return null;
  let best: { suggested: Category; evidence: string[] } | null = null;
  for (const [candidate, cues] of Object.entries(CUES) as [Category, string[]][]) {
    if (candidate === category) continue;
    const evidence = evidenceFor(cues);
    if (evidence.length >= MIN_EVIDENCE && (!best || evidence.length > best.evidence.length))
      best = { suggested: candidate, evidence };
  }
  return best;
}

/**
 * The subtype a text points to on its own (a rating's text, no subtype chosen): the one with the
 * most cues, at least one; null when nothing in it says.
 */
export function likelyCategory({ description }: { description: string }): Category | null {
  const evidenceFor = cueFinder(description);
  let best: { category: Category; cues: number } | null = null;
  for (const [category, cues] of Object.entries(CUES) as [Category, string[]][]) {
    const found = evidenceFor(cues).length;
    if (found > 0 && (!best || found > best.cues)) best = { category, cues: found };
  }
  return best?.category ?? null;
}
