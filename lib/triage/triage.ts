import type { Category } from "../complaints/vocabulary/taxonomy";
import type { Emotion, Priority, Tier } from "../complaints/vocabulary/terms";
import { assessTextUrgency } from "./text-urgency";

/** Seed rule: quality problems and wrong deliveries are high from the start. */
const BASE_PRIORITY: Record<Category, Priority> = {
  "product.quality": "high",
  "product.mismatch": "medium",
  "product.short_weight": "medium",
  "product.out_of_stock": "medium",
  "order.payment": "medium",
  "order.cancellation": "low",
  "order.price": "medium",
  "delivery.late": "medium",
  "delivery.wrong": "high",
  "delivery.damaged": "medium",
  "service.attitude": "medium",
  "service.slow": "low",
};

const BASE_SCORE: Record<Priority, number> = { high: 0.6, medium: 0.35, low: 0.15 };
/** Orders at or above ¥200 lose the shop real money when mishandled: one level up. */
const HIGH_AMOUNT_FEN = 200_00;
const TEXT_URGENT_THRESHOLD = 0.5;

export type TriageInput = {
  category: Category;
  description: string;
  orderAmountFen: number;
  tier: Tier;
  /**
   * The customer complained before about the same order or within the last 7 days (intake reads
   * it from their history; the words "又是" or "第二次" alone no longer say so).
   */
  repeatContact?: boolean;
};
export type TriageResult = {
  priority: Priority;
  urgency: number;
  reasons: string[];
  /** VIP customers' complaints go to the VIP line (seed 001's 专属通道), whatever they are about. */
  vipLine: boolean;
  sentiment: number;
  emotion: Emotion;
  /** 1 mild, 2 moderate, 3 strong; 0 for neutral. */
  emotionIntensity: number;
  /** Risk cues a negation ruled out ("没有拉肚子"), for explaining a triage. */
  negatedCues: string[];
};

function raise(priority: Priority): Priority {
  return priority === "low" ? "medium" : "high";
}

export function triageComplaint(input: TriageInput): TriageResult {
  const base = BASE_PRIORITY[input.category];
  const reasons: string[] = [`subtype_${base}`];
  let priority = base;
  let urgency = BASE_SCORE[base];

  if (input.tier === "vip") {
    priority = raise(priority);
    urgency += 0.15;
    reasons.push("vip");
  }
  if (input.orderAmountFen >= HIGH_AMOUNT_FEN) {
    priority = raise(priority);
    urgency += 0.1;
    reasons.push("high_amount");
  }
  if (input.repeatContact) {
    urgency += 0.1;
    reasons.push("repeat_contact");
  }
  const text = assessTextUrgency(input.description);
  urgency += text.score * 0.5;
  reasons.push(...text.reasons);
  if (text.score >= TEXT_URGENT_THRESHOLD) priority = "high";

  return {
    priority,
    urgency: Math.round(Math.min(1, urgency) * 1000) / 1000,
    reasons,
    // Which group handles the rest is the handling groups' routing, data an admin edits
    // (lib/staff/handling-groups.ts), read by intake.
    vipLine: input.tier === "vip",
    sentiment: text.sentiment.negative,
    emotion: text.emotion.emotion,
    emotionIntensity: text.emotion.intensity,
    negatedCues: text.negatedCues,
  };
}
