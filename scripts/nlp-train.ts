/**
 * `npm run nlp:train`: trains the sentiment model from ../shared/datasets/online_shopping_10_cats.zip
 * (62 774 labelled Chinese shopping reviews; public SophonPlus/ChineseNlpCorpus, no licence file:
 * read at training time, never copied into this repository) and writes
 * lib/nlp/model/sentiment-nb.json. Deterministic: the same data gives the same file.
 * A fifth of the rows (chosen by a hash of the text) is held out and never trained on.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { negativeProbability, trainNaiveBayes } from "../lib/nlp/naive-bayes";
import { sentimentFeatures } from "../lib/nlp/sentiment-features";

const DATASET = process.env.SENTIMENT_DATASET ?? join("..", "shared", "datasets", "online_shopping_10_cats.zip");
const OUT = join("lib", "nlp", "model", "sentiment-nb.json");

type Row = { cat: string; label: number; review: string };

function readRows(): Row[] {
  const csv = execFileSync("unzip", ["-p", DATASET], { maxBuffer: 64 * 1024 * 1024 })
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const rows: Row[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [cat, label, ...rest] = line.split(",");
    const review = rest
      .join(",")
      .replace(/^\uFEFF/, "")
      .trim();
    if (!cat || (label !== "0" && label !== "1") || !review) continue;
    rows.push({ cat, label: Number(label), review });
  }
  return rows;
}

export function isHeldOut(review: string): boolean {
  return createHash("sha256").update(review).digest()[0]! % 5 === 0;
}

function main() {
  const started = Date.now();
  const rows = readRows();
  const train = rows.filter((r) => !isHeldOut(r.review));
  const test = rows.filter((r) => isHeldOut(r.review));
  const model = trainNaiveBayes({
    documents: train.map((r) => ({ features: sentimentFeatures(r.review), negative: r.label === 0 })),
    source: "SophonPlus/ChineseNlpCorpus online_shopping_10_cats (commit a0b781d), 4/5 of the rows by sha256(review)",
  });
  const json = JSON.stringify(model);
  writeFileSync(OUT, json + "\n");
  const accuracy = (subset: Row[]) =>
    subset.filter((r) => negativeProbability(model, sentimentFeatures(r.review)) >= 0.5 === (r.label === 0)).length /
    subset.length;
  console.log(
    `rows ${rows.length} (train ${train.length}, held out ${test.length}); features ${Object.keys(model.weights).length}; ${(json.length / 1e6).toFixed(2)} MB → ${OUT}`,
  );
  for (const cat of [...new Set(test.map((r) => r.cat))])
    console.log(`  held-out ${cat}: ${accuracy(test.filter((r) => r.cat === cat)).toFixed(4)}`);
  console.log(
    `held-out accuracy=${accuracy(test).toFixed(4)} n=${test.length} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main();
