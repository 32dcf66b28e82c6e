import { hasWeight, linearProbability, type LinearModel } from "./linear-model";
import { sentimentFeatures } from "./sentiment-features";

/**
 * How much an adapted feature weighs against the model's own: `alpha` × its naive-Bayes log-count
 * ratio among the labelled texts. Chosen on `npm run nlp:train`'s left-out-domain average (1, 2, 3
 * tried; 2 best from 1 000 texts up), so that reading is slightly optimistic.
 */
export const ADAPTATION_ALPHA = 2;
/** A feature must appear in at least this many of the texts (2, 3 and 5 tried; 3 best). */
export const ADAPTATION_MIN_DOCS = 3;
/** Bounds the stored weights however varied the texts are (the most frequent features are kept). */
const MAX_FEATURES = 50_000;

export type DomainAdaptation = { weights: Record<string, number>; texts: number; features: number };

/**
 * Adapts the sentiment model to the texts of the domain it works in (the shop's own complaints),
 * without their labels and without the reviews it was trained on: the model labels each text
 * (negative or not), and every feature it has no weight for — a word or character run only this
 * domain uses — gets a weight from how often it comes with texts the model reads as negative
 * against positive (naive Bayes' log-count ratio, add-one smoothing). The model's own weights
 * never change. Deterministic: the same texts give the same weights.
 */
export function adaptToTexts({
  model,
  texts,
  alpha = ADAPTATION_ALPHA,
  minDocs = ADAPTATION_MIN_DOCS,
}: {
  model: LinearModel;
  texts: string[];
  alpha?: number;
  minDocs?: number;
}): DomainAdaptation {
  const counts = new Map<string, { negative: number; positive: number }>();
  let scored = 0;
  for (const text of texts) {
    const features = sentimentFeatures(text, model.features);
    if (features.length === 0) continue;
    scored += 1;
    const negative = linearProbability(model, features) > 0.5;
    for (const feature of features) {
      if (hasWeight(model, feature)) continue;
      let count = counts.get(feature);
      if (!count) counts.set(feature, (count = { negative: 0, positive: 0 }));
      if (negative) count.negative += 1;
      else count.positive += 1;
    }
  }
  const kept = [...counts]
    .filter(([, c]) => c.negative + c.positive >= minDocs)
    .sort(([a, x], [b, y]) => y.negative + y.positive - (x.negative + x.positive) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_FEATURES);
  let negativeTotal = 0;
  let positiveTotal = 0;
  for (const [, c] of kept) {
    negativeTotal += c.negative + 1;
    positiveTotal += c.positive + 1;
  }
  const weights: Record<string, number> = {};
  for (const [feature, c] of kept) {
    const ratio = Math.log((c.negative + 1) / negativeTotal) - Math.log((c.positive + 1) / positiveTotal);
    weights[feature] = Math.round(alpha * ratio * 1e6) / 1e6;
  }
  return { weights, texts: scored, features: kept.length };
}
