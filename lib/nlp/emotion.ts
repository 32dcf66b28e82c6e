import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Emotion } from "../complaints/vocabulary/terms";
import { emotionFeatures } from "./emotion-features";

/**
 * The emotion model (`npm run nlp:train`): multinomial logistic regression over the lexicon's cues,
 * the sentiment model's negativity and the text's characters, and a linear score for intensity.
 */
export type EmotionModel = {
  version: 1;
  source: string;
  evaluation: string;
  classes: Emotion[];
  bias: number[];
  weights: Record<string, number[]>;
  /** A linear score of intensity and its two cut points: below the first mild, from the second strong. */
  intensity: { bias: number; weights: Record<string, number>; cuts: [number, number] };
};

export type EmotionReading = {
  emotion: Emotion;
  /** 1 mild, 2 clear, 3 strong; 0 for neutral. */
  intensity: number;
  /** The model's probability of the emotion it names. */
  confidence: number;
};

// On globalThis, like the sentiment model (lib/nlp/sentiment.ts): instrumentation.ts and each
// route bundle load their own copy of this module, and one parsed model per process is enough.
const MODEL = Symbol.for("kesu.emotionModel");

function loadModel(): EmotionModel {
  const global = globalThis as { [MODEL]?: EmotionModel };
  return (global[MODEL] ??= JSON.parse(
    readFileSync(join(process.cwd(), "lib", "nlp", "model", "emotion.json"), "utf8"),
  ) as EmotionModel);
}

const NEUTRAL: EmotionReading = { emotion: "neutral", intensity: 0, confidence: 1 };
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Probabilities per class, in the model's class order (own keys only, as in linear-model.ts). */
export function emotionProbabilities(current: EmotionModel, features: Map<string, number>): number[] {
  const logits = [...current.bias];
  for (const [name, value] of features)
    if (Object.hasOwn(current.weights, name)) {
      const row = current.weights[name]!;
      for (let k = 0; k < logits.length; k += 1) logits[k]! += row[k]! * value;
    }
  const top = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - top));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}

/** The intensity score of a text whose emotion the model named with this confidence. */
function intensityScore(current: EmotionModel, features: Map<string, number>, confidence: number): number {
  let score = current.intensity.bias + (current.intensity.weights.confidence ?? 0) * confidence;
  for (const [name, value] of features)
    if (Object.hasOwn(current.intensity.weights, name)) score += current.intensity.weights[name]! * value;
  return score;
}

/** 1–3 from the intensity score and the model's cut points. */
function intensityLevel(current: EmotionModel, features: Map<string, number>, confidence: number): number {
  const score = intensityScore(current, features, confidence);
  const [mild, strong] = current.intensity.cuts;
  return score < mild ? 1 : score >= strong ? 3 : 2;
}

/**
 * The customer's emotion: anger, anxiety, disappointment or neutral, with intensity. Text without
 * a letter or digit (blank, emoji only) is neutral; text beyond 2 000 characters is not read.
 */
export function recognizeEmotion({ text, negativity }: { text: string; negativity: number }): EmotionReading {
  if (!HAS_WORD.test(text)) return NEUTRAL;
  return emotionReading({ model: loadModel(), features: emotionFeatures({ text, negativity }) });
}

/** The model's reading of a text's features (the trainer measures exactly this). */
export function emotionReading({
  model,
  features,
}: {
  model: EmotionModel;
  features: Map<string, number>;
}): EmotionReading {
  const probabilities = emotionProbabilities(model, features);
  let best = 0;
  for (let k = 1; k < probabilities.length; k += 1) if (probabilities[k]! > probabilities[best]!) best = k;
  const emotion = model.classes[best]!;
  const confidence = Math.round(probabilities[best]! * 1000) / 1000;
  if (emotion === "neutral") return { emotion, intensity: 0, confidence };
  return { emotion, intensity: intensityLevel(model, features, probabilities[best]!), confidence };
}
