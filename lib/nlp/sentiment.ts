import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linearProbability, type LinearModel } from "./linear-model";
import { sentimentFeatures } from "./sentiment-features";

let model: LinearModel | undefined;

// The trained artifact (npm run nlp:train, chosen by cross-domain evaluation), read once per process.
function loadModel(): LinearModel {
  model ??= JSON.parse(
    readFileSync(join(process.cwd(), "lib", "nlp", "model", "sentiment.json"), "utf8"),
  ) as LinearModel;
  return model;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

export type Sentiment = { negative: number; label: "negative" | "neutral" | "positive" };

/**
 * How negative a text reads, 0–1 (a linear model trained on Chinese shopping reviews from ten
 * product domains). Blank text is neutral (0.5) and never an error; long text is scored on its
 * first 2 000 characters.
 */
export function scoreSentiment(text: string): Sentiment {
  // Punctuation and emoji alone ("😊！！") say too little to score: neutral, like blank text.
  if (!HAS_WORD.test(text)) return { negative: 0.5, label: "neutral" };
  const current = loadModel();
  const features = sentimentFeatures(text, current.features);
  const negative = Math.round(linearProbability(current, features) * 1000) / 1000;
  return { negative, label: negative >= 0.6 ? "negative" : negative <= 0.4 ? "positive" : "neutral" };
}
