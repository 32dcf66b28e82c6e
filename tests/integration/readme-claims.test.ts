import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { benchSection, renderBenchTable, type BenchResults } from "../../tools/bench/readme-table";
import {
  readmeBlock,
  renderEmotionBlock,
  renderSentimentBlock,
  type EmotionEvaluation,
  type SentimentEvaluation,
} from "../../tools/nlp/readme-blocks";

/** What the README says about measured things is what the committed files hold. */
describe("README claims", () => {
  const readme = readFileSync("README.md", "utf8");

  it("quotes the bench table exactly as bench/results.json holds it (npm run bench writes both)", () => {
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as BenchResults;
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.table.length).toBeGreaterThan(5);
    expect(benchSection(readme)).toBe(renderBenchTable(results));
  });

  it("states the sentiment model's size and feature count as the file has them", () => {
    const path = "lib/nlp/model/sentiment.json";
    const model = JSON.parse(readFileSync(path, "utf8")) as { weights: Record<string, unknown> };
    const megabytes = (statSync(path).size / 1e6).toFixed(1);
    const features = Object.keys(model.weights).length.toLocaleString("en-US").replaceAll(",", " ");
    expect(readme).toContain(`(\`${path}\`, ${megabytes} MB, ${features} features)`);
  });

  it("quotes the sentiment and emotion evaluations exactly as npm run nlp:train wrote them", () => {
    const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
    expect(readmeBlock(readme, "sentiment")).toBe(
      renderSentimentBlock(read("lib/nlp/model/sentiment-evaluation.json") as SentimentEvaluation),
    );
    expect(readmeBlock(readme, "emotion")).toBe(
      renderEmotionBlock(read("lib/nlp/model/emotion-evaluation.json") as EmotionEvaluation),
    );
  });

  it("lists intake's CPU profile as bench/intake-profile.json holds it (npm run profile:intake writes it)", () => {
    const profile = JSON.parse(readFileSync("bench/intake-profile.json", "utf8")) as {
      perSecond: number;
      categories: { category: string; share: number }[];
      functions: { fn: string; where: string; share: number }[];
    };
    expect(profile.categories.length).toBeGreaterThan(3);
    for (const { category, share } of profile.categories)
      expect(readme).toContain(`- ${(share * 100).toFixed(1)} % ${category}\n`);
    for (const { fn, where, share } of profile.functions.slice(0, 6))
      expect(readme).toContain(`- ${(share * 100).toFixed(1)} % \`${fn}\`${where ? ` (${where})` : ""}\n`);
    expect(readme).toContain(`${profile.perSecond} intakes/s`);
  });
});
