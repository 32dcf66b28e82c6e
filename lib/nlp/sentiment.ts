import { readFileSync } from "node:fs";
import { join } from "node:path";
import { negativeProbability, type SentimentModel } from "./naive-bayes";
import { sentimentFeatures } from "./sentiment-features";

let model: SentimentModel | undefined;

// The trained artifact (npm run nlp:train), read once; ~1.2 MB JSON parses in ~20 ms.
function loadModel(): SentimentModel {
  model ??= JSON.parse(
    readFileSync(join(process.cwd(), "lib", "nlp", "model", "sentiment-nb.json"), "utf8"),
  ) as SentimentModel;
  return model;
}

export type Sentiment = { negative: number; label: "negative" | "neutral" | "positive" };

/**
 * How negative a text reads, 0–1 (naive Bayes trained on Chinese shopping reviews). Blank text is
 * neutral (0.5) and never an error; long text is scored on its first 2 000 characters.
 */
export function scoreSentiment(text: string): Sentiment {
  const features = sentimentFeatures(text);
  if (features.length === 0) return { negative: 0.5, label: "neutral" };
  const negative = Math.round(negativeProbability(loadModel(), features) * 1000) / 1000;
  return { negative, label: negative >= 0.6 ? "negative" : negative <= 0.4 ? "positive" : "neutral" };
}
