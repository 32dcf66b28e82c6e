/**
 * Binary multinomial naive Bayes for two classes, stored as log-likelihood ratios:
 * logit P(negative | text) = prior + Σ weight(feature). Compact (one number per feature) and fast.
 */
export type SentimentModel = {
  version: number;
  source: string;
  alpha: number;
  prior: number;
  weights: Record<string, number>;
};

export function trainNaiveBayes({
  documents,
  alpha = 1,
  minDocs = 2,
  maxFeatures = 90_000,
  source,
}: {
  documents: { features: string[]; negative: boolean }[];
  alpha?: number;
  minDocs?: number;
  maxFeatures?: number;
  source: string;
}): SentimentModel {
  const neg = new Map<string, number>();
  const pos = new Map<string, number>();
  let negDocs = 0;
  for (const doc of documents) {
    const counts = doc.negative ? neg : pos;
    if (doc.negative) negDocs += 1;
    for (const f of doc.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const all = new Set([...neg.keys(), ...pos.keys()]);
  const kept = [...all]
    .map((f) => ({ f, n: (neg.get(f) ?? 0) + (pos.get(f) ?? 0) }))
    .filter((x) => x.n >= minDocs)
    .sort((a, b) => b.n - a.n || (a.f < b.f ? -1 : 1))
    .slice(0, maxFeatures);
  const negTotal = kept.reduce((sum, { f }) => sum + (neg.get(f) ?? 0), 0) + alpha * kept.length;
  const posTotal = kept.reduce((sum, { f }) => sum + (pos.get(f) ?? 0), 0) + alpha * kept.length;
  const weights: Record<string, number> = {};
  for (const { f } of kept.sort((a, b) => (a.f < b.f ? -1 : 1))) {
    const w = Math.log(((neg.get(f) ?? 0) + alpha) / negTotal) - Math.log(((pos.get(f) ?? 0) + alpha) / posTotal);
    weights[f] = Math.round(w * 1000) / 1000;
  }
  return {
    version: 1,
    source,
    alpha,
    prior: Math.round(Math.log(negDocs / (documents.length - negDocs)) * 1000) / 1000,
    weights,
  };
}

/**
 * P(negative) for a text's features; unknown features count for nothing — own keys only, or the
 * word "constructor" would add Object.prototype's function and make the score NaN.
 */
export function negativeProbability(model: SentimentModel, features: string[]): number {
  let logit = model.prior;
  for (const f of features) if (Object.hasOwn(model.weights, f)) logit += model.weights[f]!;
  return 1 / (1 + Math.exp(-logit));
}
