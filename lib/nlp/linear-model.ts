import type { FeatureSet } from "./sentiment-features";

/**
 * A linear model over binary features, the shape every sentiment trainer in `npm run nlp:train`
 * writes (naive Bayes, logistic regression, NB-SVM all reduce to it):
 * logit P(negative | text) = bias + scale · Σ weight(feature), where scale is 1, or 1/√n for the
 * n features of the text, known to the model or not (so a long hotel review is not more certain than a short
 * complaint merely for having more words).
 */
export type LinearModel = {
  version: 2;
  kind: string;
  features: FeatureSet;
  scale: "none" | "sqrt";
  source: string;
  evaluation: string;
  bias: number;
  weights: Record<string, number>;
};

/**
 * P(negative) for a text's features; unknown features count for nothing — own keys only, or the
 * word "constructor" would add Object.prototype's function and make the score NaN.
 */
export function linearProbability(model: LinearModel, features: string[]): number {
  let sum = 0;
  for (const f of features) if (Object.hasOwn(model.weights, f)) sum += model.weights[f]!;
  const logit = model.bias + (model.scale === "sqrt" && features.length > 0 ? sum / Math.sqrt(features.length) : sum);
  return 1 / (1 + Math.exp(-logit));
}
