import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** The real command line, on small fixture files. */
function run(args: string[]) {
  const result = spawnSync("npx", ["tsx", "scripts/nlp.ts", ...args], { encoding: "utf8" });
  return {
    stdout: result.stdout.trim().split("\n"),
    stderr: result.stderr.split("\n").filter((l) => l.startsWith("line ")),
    status: result.status,
  };
}

describe("npm run nlp", () => {
  it("sentiment: per-class precision/recall, accuracy as the last line, malformed rows reported by line", () => {
    const { stdout, stderr, status } = run(["sentiment", "tests/fixtures/sentiment-small.csv"]);
    expect(status).toBe(0);
    expect(stdout.at(-1)).toMatch(/^accuracy=\d\.\d{4} n=5$/);
    expect(stdout[0]).toMatch(/^negative \(0\): precision=[\d.]+ recall=[\d.]+ n=2$/);
    expect(stderr).toEqual(['line 6: label must be 0 or 1, got "2"']);
  });

  it("triage: one JSON line per valid input, urgency in [0, 1], problems reported with line numbers", () => {
    const { stdout, stderr, status } = run(["triage", "tests/fixtures/triage-small.jsonl"]);
    expect(status).toBe(0);
    const lines = stdout.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["a", "b", "c", 4]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual([
        "emotion",
        "emotionIntensity",
        "id",
        "keywords",
        "negatedCues",
        "priority",
        "reasons",
        "sentiment",
        "urgency",
      ]);
      expect(l.urgency).toBeGreaterThanOrEqual(0);
      expect(l.urgency).toBeLessThanOrEqual(1);
      expect(["anger", "anxiety", "disappointment", "neutral"]).toContain(l.emotion);
      expect(l.emotionIntensity).toEqual(l.emotion === "neutral" ? 0 : expect.any(Number));
    }
    expect(lines[0].priority).toBe("high");
    expect(lines[0].urgency).toBeGreaterThan(lines[1].urgency);
    expect(lines[0].keywords).toContain("食物中毒");
    expect(stderr).toEqual(["line 3: not JSON", 'line 4: unknown category "bogus", triaged as a medium-priority type']);
  });
});
