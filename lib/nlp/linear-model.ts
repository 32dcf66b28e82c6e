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
 * P(negative) for a text's features; unknown features count for nothing (looked up in a Map: the
 * word "constructor" is a feature like any other, never Object.prototype's function), or for their
 * weight in `adapted` (lib/nlp/domain-adaptation.ts: features only the shop's own texts use). A
 * model is never changed once scored (trainers write new objects).
 */
export function linearProbability(
  model: LinearModel,
  features: string[],
  adapted?: ReadonlyMap<string, number>,
): number {
  const weights = weightsOf(model);
  let sum = 0;
  for (const f of features) sum += weights.get(f) ?? adapted?.get(f) ?? 0;
  const logit = model.bias + (model.scale === "sqrt" && features.length > 0 ? sum / Math.sqrt(features.length) : sum);
  return 1 / (1 + Math.exp(-logit));
}

// The weights as a Map, built once per model: one hash lookup a feature instead of two on an
// object of a hundred thousand keys (a hot spot of intake's profile).
// Kept on globalThis like the model itself (lib/nlp/sentiment.ts): every bundle's copy of this
// module shares one Map per model instead of building its own.
const MAPS = Symbol.for("kesu.linearModelWeights");
const maps = ((globalThis as { [MAPS]?: WeakMap<LinearModel, Map<string, number>> })[MAPS] ??= new WeakMap());
/** Whether the model has a weight for the feature (its own keys only). */
export function hasWeight(model: LinearModel, feature: string): boolean {
  return weightsOf(model).has(feature);
}

function weightsOf(model: LinearModel): Map<string, number> {
  let map = maps.get(model);
  if (!map) maps.set(model, (map = new Map(Object.entries(model.weights))));
  return map;
}
