import { hasWeight, linearProbability, type LinearModel } from "./linear-model";
import { sentimentFeatures } from "./sentiment-features";

/**
 * How much an adapted feature weighs: `alpha` × how far the texts it comes in lean negative beyond
 * all the texts (the naive-Bayes weight). Chosen on `npm run nlp:train`'s left-out-domain average
 * (1, 2, 3 tried; 2 best from 1 000 texts up), so that reading is slightly optimistic.
 */
export const ADAPTATION_ALPHA = 2;
/** A feature must come from at least this many customers (2, 3 and 5 texts tried; 3 best). */
export const ADAPTATION_MIN_CUSTOMERS = 3;
/** Fewer texts than this read either way and nothing is learned: the lean of a feature needs both sides. */
const ADAPTATION_MIN_PER_SIDE = 20;
/** The characters of a text read (complaints are short; a pasted essay does not outweigh them). */
const MAX_CHARS = 500;
/** How strongly a feature's lean is pulled back to the texts' own (in texts): few sightings say little. */
const PRIOR_TEXTS = 2;
/** Distinct features counted before those seen by one customer only are dropped (bounds memory). */
const MAX_COUNTED = 500_000;
/** Features stored at most (the most widespread are kept). */
const MAX_FEATURES = 50_000;

type Count = { negative: number; positive: number; customers: number; lastCustomer: string };

export type DomainAdaptation = {
  weights: Record<string, number>;
  /** Texts that had anything to read, and how the model read them. */
  texts: number;
  negative: number;
  features: number;
};

/**
 * Adapts the sentiment model to the texts of the domain it works in (the shop's own texts),
 * without their labels and without the reviews it was trained on: the model reads each text
 * (negative or not), and every feature it has no weight for — a word or character run only this
 * domain uses — gets `alpha` × (logit of the share of its texts read negative − logit of that share
 * among all the texts), its share pulled towards all the texts' by PRIOR_TEXTS. So a feature
 * weighs by how it leans against the domain's own balance (complaints read negative nine times
 * in ten: a word only in negative ones is not evidence until it beats that), never by chance
 * because one side is rare. Capped at the largest weight of the model's own 99 % (an adapted
 * feature never dominates). The model's own weights never change. Texts are counted per customer
 * (`customer`: the same person's words count once, and a feature must come from
 * ADAPTATION_MIN_CUSTOMERS of them, so a name or phone number never becomes a feature).
 * Deterministic: the same texts give the same weights.
 */
export function adaptationCounter({ model }: { model: LinearModel }) {
  const counts = new Map<string, Count>();
  let negativeTexts = 0;
  let positiveTexts = 0;
  return {
    add({ text, customer }: { text: string; customer: string }) {
      const features = sentimentFeatures(text.slice(0, MAX_CHARS), model.features);
      if (features.length === 0) return;
      const negative = linearProbability(model, features) > 0.5;
      if (negative) negativeTexts += 1;
      else positiveTexts += 1;
      for (const feature of features) {
        if (hasWeight(model, feature)) continue;
        let count = counts.get(feature);
        if (!count) counts.set(feature, (count = { negative: 0, positive: 0, customers: 0, lastCustomer: "" }));
        if (negative) count.negative += 1;
        else count.positive += 1;
        if (count.lastCustomer !== customer) {
          count.customers += 1;
          count.lastCustomer = customer;
        }
      }
      if (counts.size > MAX_COUNTED) prune(counts);
    },
    finish({ alpha = ADAPTATION_ALPHA, minCustomers = ADAPTATION_MIN_CUSTOMERS } = {}): DomainAdaptation {
      const texts = negativeTexts + positiveTexts;
      const result = { texts, negative: negativeTexts };
      if (isOneSided(result)) return { weights: {}, ...result, features: 0 };
      const prior = negativeTexts / texts;
      const logit = (p: number) => Math.log(p / (1 - p));
      const cap = weightCap(model);
      const kept = [...counts]
        .filter(([, c]) => c.customers >= minCustomers)
        .sort(([a, x], [b, y]) => y.customers - x.customers || (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, MAX_FEATURES);
      const weights: Record<string, number> = {};
      for (const [feature, c] of kept) {
        const share = (c.negative + PRIOR_TEXTS * prior) / (c.negative + c.positive + PRIOR_TEXTS);
        const weight = Math.max(-cap, Math.min(cap, alpha * (logit(share) - logit(prior))));
        weights[feature] = Math.round(weight * 1e6) / 1e6;
      }
      return { weights, ...result, features: kept.length };
    },
  };
}

/** Too few texts read one way or the other to learn any feature's lean (nothing is adapted). */
export function isOneSided({ texts, negative }: { texts: number; negative: number }): boolean {
  return Math.min(negative, texts - negative) < ADAPTATION_MIN_PER_SIDE;
}

/** The whole adaptation at once (the evaluation's and the tests' form; production counts in chunks). */
export function adaptToTexts({
  model,
  texts,
  alpha,
  minCustomers,
}: {
  model: LinearModel;
  texts: { text: string; customer: string }[];
  alpha?: number;
  minCustomers?: number;
}): DomainAdaptation {
  const counter = adaptationCounter({ model });
  for (const text of texts) counter.add(text);
  return counter.finish({ alpha, minCustomers });
}

/**
 * Drops the features seen by the fewest customers until half the bound is left (a text of random
 * characters adds hundreds of runs nobody else writes; they could never reach the minimum anyway).
 */
function prune(counts: Map<string, Count>) {
  for (let fewer = 2; counts.size > MAX_COUNTED / 2; fewer += 1)
    for (const [feature, c] of counts) if (c.customers < fewer) counts.delete(feature);
}

const caps = new WeakMap<LinearModel, number>();
/** The 99th percentile of the model's own absolute weights. */
function weightCap(model: LinearModel): number {
  let cap = caps.get(model);
  if (cap === undefined) {
    const sizes = Object.values(model.weights)
      .map(Math.abs)
      .sort((a, b) => a - b);
    cap = sizes.length ? sizes[Math.floor(sizes.length * 0.99)]! : 0;
    caps.set(model, cap);
  }
  return cap;
}
