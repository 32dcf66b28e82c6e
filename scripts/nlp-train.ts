/**
 * `npm run nlp:train`: chooses and trains the sentiment model from
 * ../shared/datasets/online_shopping_10_cats.zip (62 774 labelled Chinese shopping reviews over
 * ten product domains; public SophonPlus/ChineseNlpCorpus, no licence file: read at training time,
 * never copied into this repository).
 *
 * Every candidate (trainer × feature set) is judged by cross-domain evaluation: for each domain,
 * trained on the other nine and tested on the one it never saw. The candidate with the best
 * left-out-domain average — not the best in-domain score — is trained on all rows and written to
 * lib/nlp/model/sentiment.json; the table goes to stdout and lib/nlp/model/sentiment-evaluation.json.
 * Then the emotion model (tools/nlp/train-emotion.ts). Deterministic: the same data gives the same files.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LinearModel } from "../lib/nlp/linear-model";
import { FEATURE_SETS, type FeatureSet } from "../lib/nlp/sentiment-features";
import { renderEmotionBlock, renderSentimentBlock, withBlock } from "../tools/nlp/readme-blocks";
import { readExamples, trainEmotionModel } from "../tools/nlp/train-emotion";
import { predictsNegative, TRAINERS, type Doc, type Fitted } from "../tools/nlp/train-linear";

const DATASET = process.env.SENTIMENT_DATASET ?? join("..", "shared", "datasets", "online_shopping_10_cats.zip");
const MODEL_OUT = join("lib", "nlp", "model", "sentiment.json");
const EVALUATION_OUT = join("lib", "nlp", "model", "sentiment-evaluation.json");
const EMOTION_TRAIN = join("tools", "nlp", "emotion-train.jsonl");
const EMOTION_EVAL = join("tests", "fixtures", "emotion-eval.jsonl");
const EMOTION_MODEL_OUT = join("lib", "nlp", "model", "emotion.json");
const EMOTION_EVALUATION_OUT = join("lib", "nlp", "model", "emotion-evaluation.json");
const SOURCE = "SophonPlus/ChineseNlpCorpus online_shopping_10_cats (commit a0b781d), all 62 774 rows";

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

/** The in-domain reference: a fifth of the rows, chosen by a hash of the text. */
function isHeldOut(review: string): boolean {
  return createHash("sha256").update(review).digest()[0]! % 5 === 0;
}

function intern(rows: Row[], set: FeatureSet): { docs: Doc[]; names: string[] } {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const docs = rows.map((row) => {
    const features = FEATURE_SETS[set](row.review);
    const doc = new Int32Array(features.length);
    features.forEach((f, i) => {
      let id = ids.get(f);
      if (id === undefined) {
        id = names.length;
        ids.set(f, id);
        names.push(f);
      }
      doc[i] = id;
    });
    return { ids: doc, negative: row.label === 0, domain: row.cat };
  });
  return { docs, names };
}

const accuracy = (model: Fitted, docs: Doc[]) =>
  docs.filter((doc) => predictsNegative(model, doc) === doc.negative).length / docs.length;

function trainSentiment() {
  const started = Date.now();
  const rows = readRows();
  const domains = [...new Set(rows.map((r) => r.cat))].sort();
  const heldOut = rows.map((r) => isHeldOut(r.review));
  type Candidate = {
    name: string;
    set: FeatureSet;
    trainer: (typeof TRAINERS)[number];
    leftOut: Record<string, number>;
    average: number;
    worst: number;
    inDomain: number;
  };
  const candidates: Candidate[] = [];
  const interned = new Map<FeatureSet, ReturnType<typeof intern>>();
  for (const set of Object.keys(FEATURE_SETS) as FeatureSet[]) {
    const { docs, names } = intern(rows, set);
    interned.set(set, { docs, names });
    for (const trainer of TRAINERS) {
      const leftOut: Record<string, number> = {};
      for (const domain of domains) {
        const model = trainer.fit(
          docs.filter((d) => d.domain !== domain),
          names.length,
        );
        leftOut[domain] = accuracy(
          model,
          docs.filter((d) => d.domain === domain),
        );
      }
      const inDomainModel = trainer.fit(
        docs.filter((_, i) => !heldOut[i]),
        names.length,
      );
      const values = Object.values(leftOut);
      candidates.push({
        name: `${trainer.name}, ${set}`,
        set,
        trainer,
        leftOut,
        average: values.reduce((a, b) => a + b, 0) / values.length,
        worst: Math.min(...values),
        inDomain: accuracy(
          inDomainModel,
          docs.filter((_, i) => heldOut[i]),
        ),
      });
      console.error(`  ${trainer.name}, ${set}: done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }

  const best = candidates.reduce((a, b) => (b.average > a.average ? b : a));
  const f4 = (x: number) => x.toFixed(4);
  console.log(`Cross-domain accuracy: trained on nine domains, tested on the one left out (rows ${rows.length}).`);
  console.log(["domain (rows)", ...candidates.map((c) => c.name)].join(" | "));
  for (const domain of domains)
    console.log(
      [
        `${domain} (${rows.filter((r) => r.cat === domain).length})`,
        ...candidates.map((c) => f4(c.leftOut[domain]!)),
      ].join(" | "),
    );
  console.log(["left-out average", ...candidates.map((c) => f4(c.average))].join(" | "));
  console.log(["worst left-out domain", ...candidates.map((c) => f4(c.worst))].join(" | "));
  console.log(["in-domain (1/5 held out by hash)", ...candidates.map((c) => f4(c.inDomain))].join(" | "));

  const { docs, names } = interned.get(best.set)!;
  const fitted = best.trainer.fit(docs, names.length);
  const weights: Record<string, number> = {};
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  for (const id of order) {
    const w = Math.round(fitted.weights[id]! * 1e4) / 1e4;
    if (w !== 0) weights[names[id]!] = w;
  }
  const evaluation = `left-out-domain average ${f4(best.average)} (worst ${f4(best.worst)}), in-domain ${f4(best.inDomain)}`;
  const model: LinearModel = {
    version: 2,
    kind: best.trainer.name,
    features: best.set,
    scale: fitted.scale,
    source: SOURCE,
    evaluation,
    bias: Math.round(fitted.bias * 1e4) / 1e4,
    weights,
  };
  const json = JSON.stringify(model);
  writeFileSync(MODEL_OUT, json + "\n");
  writeFileSync(
    EVALUATION_OUT,
    JSON.stringify(
      {
        rows: rows.length,
        domains: Object.fromEntries(domains.map((d) => [d, rows.filter((r) => r.cat === d).length])),
        chosen: best.name,
        candidates: candidates.map((c) => ({
          name: c.name,
          leftOut: Object.fromEntries(Object.entries(c.leftOut).map(([d, v]) => [d, Number(f4(v))])),
          average: Number(f4(c.average)),
          worst: Number(f4(c.worst)),
          inDomain: Number(f4(c.inDomain)),
        })),
      },
      null,
      2,
    ) + "\n",
  );
  updateReadme("sentiment", renderSentimentBlock(JSON.parse(readFileSync(EVALUATION_OUT, "utf8"))));
  console.log(
    `chosen: ${best.name} — ${evaluation}; ${Object.keys(weights).length} features, ${(json.length / 1e6).toFixed(2)} MB → ${MODEL_OUT} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}

function updateReadme(name: string, content: string) {
  writeFileSync("README.md", withBlock({ readme: readFileSync("README.md", "utf8"), name, content }));
}

/** Needs the sentiment model (its negativity is a feature), so it runs second. */
function trainEmotion() {
  const { model, chosen, crossValidation, evaluation } = trainEmotionModel({
    train: readExamples(EMOTION_TRAIN),
    evaluation: readExamples(EMOTION_EVAL),
  });
  console.log(`\nEmotion: settings by 5-fold cross-validation on ${EMOTION_TRAIN}:`);
  for (const line of crossValidation) console.log(line);
  console.log(`chosen: ${chosen}. Measured once on ${EMOTION_EVAL} (never trained on):`);
  for (const line of evaluation.lines) console.log(line);
  const { accuracy, macroF1 } = evaluation.summary;
  model.source = `${EMOTION_TRAIN} (${readExamples(EMOTION_TRAIN).length} sentences) and lib/nlp/emotion-lexicon.ts`;
  model.evaluation = `${EMOTION_EVAL}: accuracy ${accuracy.toFixed(4)}, macro-F1 ${macroF1.toFixed(4)}`;
  writeFileSync(EMOTION_MODEL_OUT, JSON.stringify(model) + "\n");
  writeFileSync(EMOTION_EVALUATION_OUT, JSON.stringify({ chosen, ...evaluation.summary }, null, 2) + "\n");
  updateReadme("emotion", renderEmotionBlock(JSON.parse(readFileSync(EMOTION_EVALUATION_OUT, "utf8"))));
  console.log(`→ ${EMOTION_MODEL_OUT}, ${EMOTION_EVALUATION_OUT}`);
}

// `npm run nlp:train -- sentiment` or `-- emotion` trains one; no argument, both.
const only = process.argv[2];
if (only !== "emotion") trainSentiment();
if (only !== "sentiment") trainEmotion();
