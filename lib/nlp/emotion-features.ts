import { EMOTION_CUES, INTENSIFIERS } from "./emotion-lexicon";
import { phraseMatcher } from "./phrase-scope";

const matchEmotionCues = phraseMatcher({
  phrases: EMOTION_CUES,
  // Emotion words never contain these, so here they negate: 不急, 别生气, 不担心.
  extraNegators: ["不", "别"],
});

const MAX_CHARS = 2000;
const EMOTIONS_CUED = ["anger", "anxiety", "disappointment"] as const;
const ANGRY_CAPS = /\b[A-Z]{4,}\b/;

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1 && n < 8; at = text.indexOf(needle, at + needle.length)) n += 1;
  return n;
}

/**
 * What the emotion model reads from a complaint: the lexicon's cues per emotion (strong ones
 * count double; negated ones apart, so "不是生气，是失望" can tell), the sentiment model's
 * negativity, intensifiers and punctuation, and the text's characters and character pairs
 * (scaled by 1/√n, so a long text does not outvote the cues). Values are small and bounded.
 */
export function emotionFeatures({ text, negativity }: { text: string; negativity: number }): Map<string, number> {
  const raw = text.slice(0, MAX_CHARS);
  const normalized = raw.normalize("NFKC").toLowerCase();
  const features = new Map<string, number>();
  const cued = { anger: 0, anxiety: 0, disappointment: 0 };
  const negated = { anger: 0, anxiety: 0, disappointment: 0 };
  let strong = 0;
  for (const match of matchEmotionCues(normalized)) {
    const emotion = match.key.replace("2", "") as keyof typeof cued;
    if (match.negated) negated[emotion] += 1;
    else cued[emotion] += match.key.endsWith("2") ? 2 : 1;
    if (!match.negated && match.key.endsWith("2")) strong += 1;
  }
  if (strong) features.set("strong", Math.min(3, strong));
  for (const emotion of EMOTIONS_CUED) {
    if (cued[emotion]) features.set(`lex:${emotion}`, Math.min(4, cued[emotion]) / 2);
    if (negated[emotion]) features.set(`neglex:${emotion}`, Math.min(2, negated[emotion]));
  }
  features.set("sentiment", (negativity - 0.5) * 2);
  const intensifiers = INTENSIFIERS.reduce((sum, word) => sum + count(normalized, word), 0);
  if (intensifiers) features.set("intensifiers", Math.min(6, intensifiers) / 3);
  const exclaim = count(normalized, "!");
  if (exclaim) features.set("exclaim", Math.min(3, exclaim) / 3);
  const ask = count(normalized, "?");
  if (ask) features.set("ask", Math.min(3, ask) / 3);
  if (ANGRY_CAPS.test(raw)) features.set("caps", 1);
  // Longer complaints tell more of the story, which often comes with more feeling: log-scaled.
  features.set("length", Math.log1p(normalized.length) / 5);
  const chars = [...normalized.replace(/\s+/g, "")];
  const grams = new Set<string>();
  for (let i = 0; i < chars.length; i += 1) {
    grams.add(`c:${chars[i]}`);
    if (i + 1 < chars.length) grams.add(`c:${chars[i]}${chars[i + 1]}`);
  }
  const scale = grams.size ? 1 / Math.sqrt(grams.size) : 0;
  for (const gram of grams) features.set(gram, scale);
  return features;
}
