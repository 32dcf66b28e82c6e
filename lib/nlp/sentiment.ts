import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linearProbability, type LinearModel } from "./linear-model";
import { sentimentFeatures } from "./sentiment-features";

// Symbol.for and globalThis, not module state: instrumentation.ts and each route bundle load their
// own copy of this module (see lib/db-client.ts), and all of them must score with one model and
// the one adaptation in force.
const STATE = Symbol.for("kesu.sentiment");
type State = {
  model?: { model: LinearModel; fingerprint: string };
  /** The shop's adaptation in force in this process (kept current by lib/nlp/sentiment-adaptation.ts). */
  adaptation: { id: string; weights: ReadonlyMap<string, number> } | null;
  /** When this process last looked for a newer adaptation, and whether a look is under way. */
  checkedAt: number;
  refreshing: boolean;
};

/** This process's sentiment state, shared by every bundle's copy of the module. */
export function sentimentState(): State {
  const global = globalThis as { [STATE]?: State };
  return (global[STATE] ??= { adaptation: null, checkedAt: 0, refreshing: false });
}

// The trained artifact (npm run nlp:train, chosen by cross-domain evaluation), read once per process.
function loadModel() {
  const state = sentimentState();
  if (!state.model) {
    const file = readFileSync(join(process.cwd(), "lib", "nlp", "model", "sentiment.json"), "utf8");
    state.model = {
      model: JSON.parse(file) as LinearModel,
      fingerprint: createHash("sha256").update(file).digest("hex").slice(0, 16),
    };
  }
  return state.model;
}

/** The shipped model, as trained (never adapted): what an adaptation is computed from. */
export function sentimentModel(): LinearModel {
  return loadModel().model;
}

/** Names the shipped model's file: an adaptation computed for another model is not applied. */
export function sentimentModelFingerprint(): string {
  return loadModel().fingerprint;
}

export function applySentimentAdaptation(next: { id: string; weights: ReadonlyMap<string, number> } | null) {
  sentimentState().adaptation = next;
}

export function activeSentimentAdaptationId(): string | null {
  return sentimentState().adaptation?.id ?? null;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

export type Sentiment = { negative: number; label: "negative" | "neutral" | "positive" };

/**
 * How negative a text reads, 0–1 (a linear model trained on Chinese shopping reviews from ten
 * product domains, plus the weights it adapted from the shop's own texts, if any). Blank text
 * is neutral (0.5) and never an error; long text is scored on its first 2 000 characters.
 */
export function scoreSentiment(text: string): Sentiment {
  // Punctuation and emoji alone ("😊！！") say too little to score: neutral, like blank text.
  if (!HAS_WORD.test(text)) return { negative: 0.5, label: "neutral" };
  const current = sentimentModel();
  const features = sentimentFeatures(text, current.features);
  const negative = Math.round(linearProbability(current, features, sentimentState().adaptation?.weights) * 1000) / 1000;
  return { negative, label: negative >= 0.6 ? "negative" : negative <= 0.4 ? "positive" : "neutral" };
}
