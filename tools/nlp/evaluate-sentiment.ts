import { readCsv } from "./csv";
import { scoreSentiment } from "../../lib/nlp/sentiment";

export type SentimentEvaluation = { lines: string[]; problems: string[] };

/**
 * Scores a labelled CSV (header with `label` and `review`; 1 positive, 0 negative): per-class
 * precision and recall, then `accuracy=0.XXXX n=N` as the last line. Malformed rows are reported
 * with their line numbers and skipped.
 */
export function evaluateSentimentCsv(csv: string): SentimentEvaluation {
  const problems: string[] = [];
  const records = readCsv(csv);
  const header = records.next();
  const columns = header.done ? [] : header.value.fields.map((f) => f.trim().toLowerCase());
  const labelAt = columns.indexOf("label");
  const reviewAt = columns.indexOf("review");
  if (labelAt < 0 || reviewAt < 0)
    return { lines: ["accuracy=0.0000 n=0"], problems: ["line 1: the header needs `label` and `review` columns"] };
  const counts = { tp: [0, 0], fp: [0, 0], fn: [0, 0] };
  let correct = 0;
  let n = 0;
  for (const record of records) {
    const label = record.fields[labelAt]?.trim();
    const review = record.fields[reviewAt];
    if (record.error || (label !== "0" && label !== "1") || review === undefined) {
      problems.push(
        `line ${record.line}: ${record.error ?? (review === undefined ? "missing review" : `label must be 0 or 1, got ${JSON.stringify(label ?? "")}`)}`,
      );
      continue;
    }
    const truth = Number(label);
    const predicted = scoreSentiment(review).negative >= 0.5 ? 0 : 1;
    n += 1;
    if (predicted === truth) {
      correct += 1;
      counts.tp[truth]! += 1;
    } else {
      counts.fp[predicted]! += 1;
      counts.fn[truth]! += 1;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? "—" : (a / b).toFixed(4));
  const lines = (["negative (0)", "positive (1)"] as const).map(
    (name, c) =>
      `${name}: precision=${ratio(counts.tp[c]!, counts.tp[c]! + counts.fp[c]!)} recall=${ratio(counts.tp[c]!, counts.tp[c]! + counts.fn[c]!)} n=${counts.tp[c]! + counts.fn[c]!}`,
  );
  lines.push(`accuracy=${n ? (correct / n).toFixed(4) : "0.0000"} n=${n}`);
  return { lines, problems };
}
