/**
 * Training and evaluation of the emotion model (lib/nlp/emotion.ts), run by `npm run nlp:train`.
 * Trained on tools/nlp/emotion-train.jsonl; its settings chosen by 5-fold cross-validation on that
 * set alone; measured once on tests/fixtures/emotion-eval.jsonl, which training never reads.
 */
import { readFileSync } from "node:fs";
import { EMOTIONS, type Emotion } from "../../lib/complaints/vocabulary/terms";
import { emotionProbabilities, emotionReading, type EmotionModel } from "../../lib/nlp/emotion";
import { emotionFeatures } from "../../lib/nlp/emotion-features";
import { scoreSentiment } from "../../lib/nlp/sentiment";

export type EmotionExample = { text: string; emotion: Emotion; intensity: number; traits?: string[] };
type Example = EmotionExample & { features: Map<string, number> };

export function readExamples(path: string): EmotionExample[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EmotionExample);
}

function withFeatures(examples: EmotionExample[]): Example[] {
  return examples.map((e) => ({
    ...e,
    features: emotionFeatures({ text: e.text, negativity: scoreSentiment(e.text).negative }),
  }));
}

/** Features never used to judge intensity: the characters say which emotion, not how strong. */
const isIntensityFeature = (name: string) => !name.startsWith("c:");

function fit({ examples, l2, useChars }: { examples: Example[]; l2: number; useChars: boolean }): EmotionModel {
  const K = EMOTIONS.length;
  const df = new Map<string, number>();
  for (const e of examples) for (const name of e.features.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const keep = (name: string) => (name.startsWith("c:") ? useChars && (df.get(name) ?? 0) >= 2 : true);
  const weights = new Map<string, number[]>();
  const g2 = new Map<string, number[]>();
  const bias = new Array<number>(K).fill(0);
  const biasG2 = new Array<number>(K).fill(0);
  const rate = 0.1;
  const epochs = 40;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    // A fixed rotation instead of a shuffle: deterministic and still mixes the classes.
    for (let step = 0; step < examples.length; step += 1) {
      const e = examples[(step * 7919 + epoch * 104729) % examples.length]!;
      const kept = [...e.features].filter(([name]) => keep(name));
      const logits = [...bias];
      for (const [name, value] of kept) {
        const row = weights.get(name);
        if (row) for (let k = 0; k < K; k += 1) logits[k]! += row[k]! * value;
      }
      const top = Math.max(...logits);
      const exp = logits.map((l) => Math.exp(l - top));
      const total = exp.reduce((a, b) => a + b, 0);
      const truth = EMOTIONS.indexOf(e.emotion);
      const error = exp.map((x, k) => x / total - (k === truth ? 1 : 0));
      for (const [name, value] of kept) {
        let row = weights.get(name);
        let squares = g2.get(name);
        if (!row || !squares) {
          row = new Array<number>(K).fill(0);
          squares = new Array<number>(K).fill(0);
          weights.set(name, row);
          g2.set(name, squares);
        }
        for (let k = 0; k < K; k += 1) {
          const grad = error[k]! * value + l2 * row[k]!;
          squares[k]! += grad * grad;
          row[k]! -= (rate * grad) / Math.sqrt(squares[k]! + 1e-8);
        }
      }
      for (let k = 0; k < K; k += 1) {
        biasG2[k]! += error[k]! * error[k]!;
        bias[k]! -= (rate * error[k]!) / Math.sqrt(biasG2[k]! + 1e-8);
      }
    }
  }
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const model: EmotionModel = {
    version: 1,
    source: "",
    evaluation: "",
    classes: [...EMOTIONS],
    bias: bias.map(round),
    weights: Object.fromEntries(
      [...weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, row]) => [name, row.map(round)]),
    ),
    intensity: { bias: 2, weights: {}, cuts: [1.5, 2.5] },
  };
  model.intensity = fitIntensity(model, examples);
  return model;
}

/** Solves (XᵀX + λI) w = Xᵀy by Gaussian elimination: a handful of features, exact and deterministic. */
function ridge(rows: { x: number[]; y: number }[], lambda: number): number[] {
  const n = rows[0]!.x.length;
  const a = Array.from({ length: n }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    for (const { x, y } of rows) {
      for (let j = 0; j < n; j += 1) row[j]! += x[i]! * x[j]!;
      row[n]! += x[i]! * y;
    }
    if (i > 0) row[i]! += lambda; // the bias (column 0) is not shrunk
    return row;
  });
  for (let c = 0; c < n; c += 1) {
    let pivot = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const p = a[c]![c]! || 1e-12;
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const factor = a[r]![c]! / p;
      for (let k = c; k <= n; k += 1) a[r]![k]! -= factor * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Intensity (1–3) of the emotional examples: a ridge regression on the cue, punctuation, length and
 * confidence features, then the two cut points that get the most training examples exactly right.
 */
function fitIntensity(model: EmotionModel, examples: Example[]): EmotionModel["intensity"] {
  const emotional = examples.filter((e) => e.emotion !== "neutral");
  const names = [...new Set(emotional.flatMap((e) => [...e.features.keys()].filter(isIntensityFeature)))].sort();
  names.push("confidence");
  const rows = emotional.map((e) => {
    const confidence = emotionProbabilities(model, e.features)[EMOTIONS.indexOf(e.emotion)]!;
    return {
      x: [1, ...names.map((name) => (name === "confidence" ? confidence : (e.features.get(name) ?? 0)))],
      y: e.intensity,
    };
  });
  const w = ridge(rows, 1);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const scores = rows.map(({ x }) => x.reduce((sum, v, i) => sum + v * w[i]!, 0));
  let cuts: [number, number] = [1.5, 2.5];
  let bestExact = -1;
  for (let mild = 1; mild <= 3; mild += 0.02)
    for (let strong = mild; strong <= 3.2; strong += 0.02) {
      const exact = scores.filter((score, i) => (score < mild ? 1 : score >= strong ? 3 : 2) === rows[i]!.y).length;
      if (exact > bestExact) {
        bestExact = exact;
        cuts = [round(mild), round(strong)];
      }
    }
  return {
    bias: round(w[0]!),
    weights: Object.fromEntries(names.map((name, i) => [name, round(w[i + 1]!)])),
    cuts,
  };
}

const predict = (model: EmotionModel, e: Example) => emotionReading({ model, features: e.features });

/** The lexicon alone: the emotion with the most cue weight, neutral when none — the baseline the model must beat. */
function lexiconOnly(e: Example): Emotion {
  let best: Emotion = "neutral";
  let bestScore = 0;
  for (const emotion of EMOTIONS) {
    const score = e.features.get(`lex:${emotion}`) ?? 0;
    if (score > bestScore) {
      best = emotion;
      bestScore = score;
    }
  }
  return best;
}

export type EmotionReport = {
  lines: string[];
  summary: {
    accuracy: number;
    macroF1: number;
    lexiconAccuracy: number;
    perClass: Record<Emotion, { precision: number; recall: number; f1: number; n: number }>;
    intensityExact: number;
    intensityWithinOne: number;
    /** The same two for always answering the training set's most common intensity: the floor. */
    intensityBaseline: { level: number; exact: number; withinOne: number };
    byTrait: Record<string, { accuracy: number; n: number }>;
  };
};

function report(model: EmotionModel, examples: Example[], commonIntensity: number): EmotionReport {
  const predictions = examples.map((e) => predict(model, e));
  const f4 = (x: number) => Number(x.toFixed(4));
  const perClass = Object.fromEntries(
    EMOTIONS.map((emotion) => {
      const tp = examples.filter((e, i) => e.emotion === emotion && predictions[i]!.emotion === emotion).length;
      const predicted = predictions.filter((p) => p.emotion === emotion).length;
      const actual = examples.filter((e) => e.emotion === emotion).length;
      const precision = predicted ? tp / predicted : 0;
      const recall = actual ? tp / actual : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return [emotion, { precision: f4(precision), recall: f4(recall), f1: f4(f1), n: actual }];
    }),
  ) as EmotionReport["summary"]["perClass"];
  const correct = examples.filter((e, i) => predictions[i]!.emotion === e.emotion);
  const emotional = examples
    .map((e, i) => ({ e, p: predictions[i]! }))
    .filter(({ e, p }) => e.emotion !== "neutral" && p.emotion === e.emotion);
  const traits = [...new Set(examples.flatMap((e) => e.traits ?? []))].sort();
  const summary: EmotionReport["summary"] = {
    accuracy: f4(correct.length / examples.length),
    macroF1: f4(EMOTIONS.reduce((sum, emotion) => sum + perClass[emotion].f1, 0) / EMOTIONS.length),
    lexiconAccuracy: f4(examples.filter((e) => lexiconOnly(e) === e.emotion).length / examples.length),
    perClass,
    intensityExact: f4(
      emotional.filter(({ e, p }) => e.intensity === p.intensity).length / Math.max(1, emotional.length),
    ),
    intensityWithinOne: f4(
      emotional.filter(({ e, p }) => Math.abs(e.intensity - p.intensity) <= 1).length / Math.max(1, emotional.length),
    ),
    intensityBaseline: {
      level: commonIntensity,
      exact: f4(emotional.filter(({ e }) => e.intensity === commonIntensity).length / Math.max(1, emotional.length)),
      withinOne: f4(
        emotional.filter(({ e }) => Math.abs(e.intensity - commonIntensity) <= 1).length /
          Math.max(1, emotional.length),
      ),
    },
    byTrait: Object.fromEntries(
      traits.map((trait) => {
        const idx = examples.map((e, i) => i).filter((i) => examples[i]!.traits?.includes(trait));
        return [
          trait,
          {
            accuracy: f4(idx.filter((i) => predictions[i]!.emotion === examples[i]!.emotion).length / idx.length),
            n: idx.length,
          },
        ];
      }),
    ),
  };
  const lines = [
    ...EMOTIONS.map((emotion) => {
      const c = perClass[emotion];
      return `  ${emotion}: precision=${c.precision.toFixed(4)} recall=${c.recall.toFixed(4)} f1=${c.f1.toFixed(4)} n=${c.n}`;
    }),
    `  accuracy=${summary.accuracy.toFixed(4)} macro-F1=${summary.macroF1.toFixed(4)} (lexicon alone: accuracy=${summary.lexiconAccuracy.toFixed(4)})`,
    `  intensity, where the emotion is right: exact ${summary.intensityExact.toFixed(4)}, within one level ${summary.intensityWithinOne.toFixed(4)} (always ${commonIntensity}: ${summary.intensityBaseline.exact.toFixed(4)}, ${summary.intensityBaseline.withinOne.toFixed(4)})`,
    `  by trait: ${traits.map((t) => `${t} ${summary.byTrait[t]!.accuracy.toFixed(2)} (n=${summary.byTrait[t]!.n})`).join(", ")}`,
  ];
  return { lines, summary };
}

const SETTINGS = [1e-4, 1e-3, 1e-2].flatMap((l2) => [true, false].map((useChars) => ({ l2, useChars })));

/** Chooses the settings by 5-fold cross-validation on the training set, trains on all of it, and measures on the evaluation set. */
export function trainEmotionModel({ train, evaluation }: { train: EmotionExample[]; evaluation: EmotionExample[] }): {
  model: EmotionModel;
  chosen: string;
  crossValidation: string[];
  evaluation: EmotionReport;
} {
  const examples = withFeatures(train);
  const crossValidation: string[] = [];
  let best = SETTINGS[0]!;
  let bestAccuracy = -1;
  for (const setting of SETTINGS) {
    let correct = 0;
    for (let fold = 0; fold < 5; fold += 1) {
      const model = fit({ examples: examples.filter((_, i) => i % 5 !== fold), ...setting });
      correct += examples.filter((e, i) => i % 5 === fold && predict(model, e).emotion === e.emotion).length;
    }
    const accuracy = correct / examples.length;
    crossValidation.push(`  l2=${setting.l2} characters=${setting.useChars ? "yes" : "no"}: ${accuracy.toFixed(4)}`);
    if (accuracy > bestAccuracy) {
      best = setting;
      bestAccuracy = accuracy;
    }
  }
  const model = fit({ examples, ...best });
  const counts = [1, 2, 3].map((level) => train.filter((e) => e.emotion !== "neutral" && e.intensity === level).length);
  const commonIntensity = counts.indexOf(Math.max(...counts)) + 1;
  const measured = report(model, withFeatures(evaluation), commonIntensity);
  return {
    model,
    chosen: `l2=${best.l2} characters=${best.useChars ? "yes" : "no"} (cross-validated accuracy ${bestAccuracy.toFixed(4)})`,
    crossValidation,
    evaluation: measured,
  };
}
