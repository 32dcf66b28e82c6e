/**
 * `npm run -s nlp -- sentiment FILE.csv` — accuracy of the sentiment model on a labelled CSV.
 * `npm run -s nlp -- triage FILE.jsonl` — one JSON line of triage per input line.
 * Problems with individual lines go to stderr with their line numbers; the run goes on.
 */
import { readFileSync } from "node:fs";
import { evaluateSentimentCsv } from "../tools/nlp/evaluate-sentiment";
import { triageJsonl } from "../tools/nlp/triage-lines";

const [command, file] = process.argv.slice(2);

function read(path: string | undefined): string {
  if (!path) throw new Error("usage: npm run -s nlp -- sentiment FILE.csv | triage FILE.jsonl");
  return readFileSync(path, "utf8");
}

try {
  if (command === "sentiment") {
    const { lines, problems } = evaluateSentimentCsv(read(file));
    for (const problem of problems) console.error(problem);
    for (const line of lines) console.log(line);
  } else if (command === "triage") {
    const { outputs, problems } = triageJsonl(read(file));
    for (const problem of problems) console.error(problem);
    for (const output of outputs) console.log(output);
  } else {
    read(undefined);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
