import { seededPermutation } from "../seeded-random";
import { riskFeatures, type OrderFacts, type RiskEncodings, type RiskReason } from "./risk-features";

/** The stored model (risk_models.model): logistic regression over lib/risk/risk-features.ts. */
export type RiskModelJson = {
  version: 1;
  bias: number;
  weights: Record<string, number>;
  encodings: RiskEncodings;
};

export type LabelledFacts = { facts: OrderFacts; complained: boolean };

/** P(complaint within 7 days) and the reasons that add most to it (at most three, largest first). */
export function scoreOrder({ model, facts }: { model: RiskModelJson; facts: OrderFacts }): {
  score: number;
  reasons: RiskReason[];
} {
  let logit = model.bias;
  const byReason = new Map<RiskReason, number>();
  for (const { name, value, reason } of riskFeatures({ facts, encodings: model.encodings })) {
    const contribution = (Object.hasOwn(model.weights, name) ? model.weights[name]! : 0) * value;
    logit += contribution;
    byReason.set(reason, (byReason.get(reason) ?? 0) + contribution);
  }
  const reasons = [...byReason]
    .filter(([, contribution]) => contribution > 0.1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([reason]) => reason);
  return { score: 1 / (1 + Math.exp(-logit)), reasons };
}

/** Smoothed complaint rates of regions and products over the training orders (m-estimate, m = 20). */
function learnEncodings(rows: LabelledFacts[]): RiskEncodings {
  const positives = rows.filter((r) => r.complained).length;
  const base = rows.length ? positives / rows.length : 0;
  const M = 20;
  const tally = (keysOf: (facts: OrderFacts) => string[]) => {
    const counts = new Map<string, { n: number; k: number }>();
    for (const { facts, complained } of rows)
      for (const key of new Set(keysOf(facts))) {
        const c = counts.get(key) ?? { n: 0, k: 0 };
        c.n += 1;
        if (complained) c.k += 1;
        counts.set(key, c);
      }
    return Object.fromEntries(
      [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, { n, k }]) => [key, (k + M * base) / (n + M)]),
    );
  };
  return { base, region: tally((f) => [f.region]), product: tally((f) => f.productIds) };
}

/**
 * Logistic regression by AdaGrad with a little L2, over the rows in a fixed order (deterministic:
 * the same history gives the same model). Class weights are not adjusted: the score is meant to be
 * a calibrated probability, and calibration is reported.
 */
export function fitRiskModel(rows: LabelledFacts[]): RiskModelJson {
  const encodings = learnEncodings(rows);
  const examples = rows.map((r) => ({
    features: riskFeatures({ facts: r.facts, encodings }),
    y: r.complained ? 1 : 0,
  }));
  const weights = new Map<string, number>();
  const squares = new Map<string, number>();
  const base = Math.min(0.999, Math.max(0.001, encodings.base));
  let bias = Math.log(base / (1 - base));
  let biasSquares = 0;
  const rate = 0.1;
  const l2 = 1e-4;
  const epochs = rows.length > 50_000 ? 6 : 30;
  const order = seededPermutation(examples.length, 17);
  for (let epoch = 0; epoch < epochs; epoch += 1)
    for (const index of order) {
      const { features, y } = examples[index]!;
      let logit = bias;
      for (const { name, value } of features) logit += (weights.get(name) ?? 0) * value;
      const error = 1 / (1 + Math.exp(-logit)) - y;
      for (const { name, value } of features) {
        if (value === 0) continue;
        const w = weights.get(name) ?? 0;
        const grad = error * value + l2 * w;
        const g2 = (squares.get(name) ?? 0) + grad * grad;
        squares.set(name, g2);
        weights.set(name, w - (rate * grad) / Math.sqrt(g2 + 1e-8));
      }
      biasSquares += error * error;
      bias -= (rate * error) / Math.sqrt(biasSquares + 1e-8);
    }
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    version: 1,
    bias: round(bias),
    weights: Object.fromEntries([...weights].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, round(v)])),
    encodings,
  };
}

/** ROC AUC by ranks (ties share their average rank); null when one class is missing. */
export function rocAuc(scored: { score: number; positive: boolean }[]): number | null {
  const positives = scored.filter((s) => s.positive).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.score === sorted[i]!.score) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) if (sorted[k]!.positive) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Ten bins by score (equal counts): mean predicted against observed complaint share. */
export function calibrationBins(
  scored: { score: number; positive: boolean }[],
  bins = 10,
): { predicted: number; observed: number; orders: number }[] {
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  const out: { predicted: number; observed: number; orders: number }[] = [];
  for (let b = 0; b < bins; b += 1) {
    const slice = sorted.slice(Math.floor((b * sorted.length) / bins), Math.floor(((b + 1) * sorted.length) / bins));
    if (!slice.length) continue;
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    out.push({
      predicted: round(slice.reduce((s, x) => s + x.score, 0) / slice.length),
      observed: round(slice.filter((x) => x.positive).length / slice.length),
      orders: slice.length,
    });
  }
  return out;
}

/** Mean squared error of the probabilities (lower is better; the base rate alone scores p(1 − p)). */
export function brierScore(scored: { score: number; positive: boolean }[]): number | null {
  if (!scored.length) return null;
  return scored.reduce((s, x) => s + (x.score - (x.positive ? 1 : 0)) ** 2, 0) / scored.length;
}
