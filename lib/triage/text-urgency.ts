import type { Emotion } from "../complaints/vocabulary/terms";
import { recognizeEmotion, type EmotionReading } from "../nlp/emotion";
import { scoreSentiment, type Sentiment } from "../nlp/sentiment";
import { CUES, findCues } from "./risk-cues";

/**
 * The single seam for "how urgent does the customer's text sound": the trained sentiment model's
 * negativity (lib/nlp/sentiment.ts) and the customer's emotion (lib/nlp/emotion.ts) combined with risk cues (lib/triage/risk-cues.ts: food
 * safety, legal or public exposure, spoiled goods, strong language; negated ones do not count). Score in [0, 1]; reasons are stable
 * codes translated under `triageReasons.`.
 */
export type TextUrgency = {
  score: number;
  reasons: string[];
  sentiment: Sentiment;
  /** The customer's emotion (lib/nlp/emotion.ts): anger, anxiety, disappointment or neutral, 0–3. */
  emotion: EmotionReading;
  /** Cues a negation ruled out ("没有拉肚子"): shown by the nlp CLI, never counted. */
  negatedCues: string[];
};

/**
 * The text signals triage names (also conditions of the handling rules, lib/triage/handling-rules.ts).
 * Repeated contact is not read from the words any more ("又是" says little): it is the customer's
 * history, `repeat_contact` in lib/triage/triage.ts.
 */
export const TEXT_SIGNALS = [
  "text_negative",
  "text_food_safety",
  "text_legal_exposure",
  "text_spoiled",
  "text_strong_negative",
] as const;

/**
 * What an emotion at full strength (3) adds: an angry customer escalates fastest (to the media, to
 * 12315), an anxious one has a deadline, a disappointed one is quietly leaving. Angry + VIP + food
 * safety lands far above mildly disappointed (lib/triage/triage.test.ts).
 */
const EMOTION_WEIGHT: Record<Emotion, number> = { anger: 0.2, anxiety: 0.15, disappointment: 0.05, neutral: 0 };
/** What the customer's emotion adds to the text's urgency. */
export function emotionUrgency({ emotion, intensity }: { emotion: Emotion; intensity: number }): number {
  return (EMOTION_WEIGHT[emotion] * intensity) / 3;
}

/** From this intensity on, the emotion is named among the reasons agents see. */
const EMOTION_REASON_INTENSITY = 2;

/** How much plain negativity adds on its own: a negative text is not yet an urgent one. */
const NEGATIVITY_WEIGHT = 0.25;
const NEGATIVE_REASON_THRESHOLD = 0.8;

export function assessTextUrgency(text: string): TextUrgency {
  const sentiment = scoreSentiment(text);
  const cues = findCues(text.normalize("NFKC").toLowerCase());
  let score = sentiment.label === "neutral" && sentiment.negative === 0.5 ? 0 : NEGATIVITY_WEIGHT * sentiment.negative;
  const reasons: string[] = sentiment.negative >= NEGATIVE_REASON_THRESHOLD ? ["text_negative"] : [];
  for (const cue of CUES) {
    if (cues.some((match) => match.reason === cue.reason && !match.negated)) {
      score += cue.weight;
      reasons.push(cue.reason);
    }
  }
  const emotion = recognizeEmotion({ text, negativity: sentiment.negative });
  score += emotionUrgency(emotion);
  if (emotion.emotion !== "neutral" && emotion.intensity >= EMOTION_REASON_INTENSITY)
    reasons.push(`emotion_${emotion.emotion}`);
  return {
    score: Math.round(Math.min(1, score) * 1000) / 1000,
    reasons,
    sentiment,
    emotion,
    negatedCues: [...new Set(cues.filter((match) => match.negated).map((match) => match.cue))],
  };
}
