/**
 * The README's NLP evaluation tables come from the files `npm run nlp:train` writes
 * (lib/nlp/model/*-evaluation.json): it rewrites them between their markers, and
 * tests/integration/readme-claims.test.ts checks that the committed README and files agree.
 */
import type { EmotionReport } from "./train-emotion";
import { SMALL_ADAPTATION } from "./train-linear";

type EmotionEvaluation = EmotionReport["summary"];
type SentimentEvaluation = {
  rows: number;
  domains: Record<string, number>;
  chosen: string;
  candidates: {
    name: string;
    leftOut: Record<string, number>;
    average: number;
    averageSmall?: number;
    worst: number;
    inDomain: number;
  }[];
  /** The chosen model adapted again on the shop's own texts (scripts/nlp-train.ts, runtimeAdaptation). */
  runtimeAdaptation?: { texts: number | null; negativeShare: number | null; average: number }[];
};
const f = (x: number) => x.toFixed(4);
const indent = (lines: string[]) => lines.map((line) => (line ? `  ${line}` : "")).join("\n");

export function renderSentimentBlock(e: SentimentEvaluation): string {
  const head = `| left-out domain (rows) | ${e.candidates.map((c) => (c.name === e.chosen ? `**${c.name}** (chosen)` : c.name)).join(" | ")} |`;
  return indent([
    head,
    `|---|${e.candidates.map(() => "---").join("|")}|`,
    ...Object.entries(e.domains).map(
      ([domain, rows]) => `| ${domain} (${rows}) | ${e.candidates.map((c) => f(c.leftOut[domain]!)).join(" | ")} |`,
    ),
    `| **left-out average** | ${e.candidates.map((c) => f(c.average)).join(" | ")} |`,
    `| left-out average, adapting on ${SMALL_ADAPTATION} texts | ${e.candidates.map((c) => (c.averageSmall === undefined ? "–" : f(c.averageSmall))).join(" | ")} |`,
    `| worst left-out domain | ${e.candidates.map((c) => f(c.worst)).join(" | ")} |`,
    `| in-domain (⅕ held out by hash; self-training has nothing to adapt to there) | ${e.candidates.map((c) => f(c.inDomain)).join(" | ")} |`,
    ...(e.runtimeAdaptation
      ? [
          "",
          `The model as shipped, adapted at runtime on the left-out domain's texts (the weekly \`sentiment-adapt\` workflow), by how many it reads:`,
          "",
          `| texts of the domain | ${e.runtimeAdaptation.map((r) => `${r.texts === null ? "all (half the domain)" : r.texts === 0 ? "none (as shipped)" : String(r.texts)}${r.negativeShare === null ? "" : `, ${Math.round(r.negativeShare * 100)} % negative`}`).join(" | ")} |`,
          `|---|${e.runtimeAdaptation.map(() => "---").join("|")}|`,
          `| left-out average | ${e.runtimeAdaptation.map((r) => f(r.average)).join(" | ")} |`,
        ]
      : []),
  ]);
}

export function renderEmotionBlock(e: EmotionEvaluation): string {
  return indent([
    "| class | precision | recall | F1 | n |",
    "|---|---|---|---|---|",
    ...Object.entries(e.perClass).map(
      ([name, c]) => `| ${name} | ${f(c.precision)} | ${f(c.recall)} | ${f(c.f1)} | ${c.n} |`,
    ),
    "",
    `Accuracy ${f(e.accuracy)}, macro-F1 ${f(e.macroF1)} (the lexicon alone: accuracy ${f(e.lexiconAccuracy)}). ` +
      `Intensity, where the emotion is right: exact ${f(e.intensityExact)}, within one level ${f(e.intensityWithinOne)} ` +
      `(always answering ${e.intensityBaseline.level}, the training set's most common: ${f(e.intensityBaseline.exact)} and ${f(e.intensityBaseline.withinOne)}). ` +
      `By trait: ${Object.entries(e.byTrait)
        .map(([trait, t]) => `${trait} ${t.accuracy.toFixed(2)} (n=${t.n})`)
        .join(", ")}.`,
  ]);
}

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The README with the named block replaced. */
export function withBlock({ readme, name, content }: { readme: string; name: string; content: string }): string {
  const [open, close] = markers(name);
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README.md has no ${name} markers`);
  const lineStart = readme.lastIndexOf("\n", end) + 1;
  return `${readme.slice(0, start + open.length)}\n${content}\n${readme.slice(lineStart)}`;
}

/** The named block as the README holds it now. */
export function readmeBlock(readme: string, name: string): string | null {
  const [open, close] = markers(name);
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start < 0 || end < start) return null;
  return readme.slice(start + open.length, readme.lastIndexOf("\n", end)).replace(/^\n/, "");
}

export type { EmotionEvaluation, SentimentEvaluation };
