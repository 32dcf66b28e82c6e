import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { playwrightResult, vitestResult } from "./test-reports";

const dir = mkdtempSync(join(tmpdir(), "kesu-reports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe("npm test's reading of the runners' reports", () => {
  it("vitest: counts, and names the failed test, the file failing in a hook and the one that did not load", () => {
    const file = write("vitest.json", {
      numPassedTests: 3,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 0,
      testResults: [
        {
          name: "/repo/a.test.ts",
          status: "failed",
          assertionResults: [
            { status: "passed", fullName: "a works" },
            {
              status: "failed",
              fullName: "a › sums",
              failureMessages: ["\u001b[31mAssertionError: expected 3 to be 4\u001b[39m\n    at a.test.ts:5"],
            },
          ],
        },
        {
          name: "/repo/b.test.ts",
          status: "failed",
          message: "Hook timed out in 60000ms.\nIf this is…",
          assertionResults: [{ status: "passed", fullName: "b" }],
        },
        { name: "/repo/c.test.ts", status: "failed", message: "SyntaxError: x", assertionResults: [] },
        { name: "/repo/d.test.ts", status: "passed", assertionResults: [{ status: "passed", fullName: "d" }] },
      ],
    });
    expect(vitestResult(file, 1)).toEqual({
      passed: 3,
      failed: 2,
      skipped: 1,
      failures: [
        "vitest /repo/a.test.ts › a › sums: AssertionError: expected 3 to be 4",
        "vitest /repo/b.test.ts: Hook timed out in 60000ms.",
        "vitest /repo/c.test.ts: SyntaxError: x",
      ],
    });
    expect(vitestResult(join(dir, "missing.json"), 2)).toEqual({
      passed: 0,
      failed: 2,
      skipped: 0,
      failures: ["vitest: no report (exit 2)"],
    });
  });

  it("playwright: a flaky test counts as passed; a failed one in a nested suite is named with its line", () => {
    const file = write("playwright.json", {
      stats: { expected: 2, flaky: 1, unexpected: 1, skipped: 0 },
      errors: [],
      suites: [
        {
          specs: [{ title: "ok", file: "x.spec.ts", line: 3, ok: true, tests: [{ results: [{}] }] }],
          suites: [
            {
              specs: [
                {
                  title: "opens the page",
                  file: "y.spec.ts",
                  line: 12,
                  ok: false,
                  tests: [{ results: [{ error: { message: "\nError: expect(locator).toBeVisible() failed\nmore" } }] }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(playwrightResult(file, 1)).toEqual({
      passed: 3,
      failed: 1,
      skipped: 0,
      failures: ["playwright y.spec.ts:12 › opens the page: Error: expect(locator).toBeVisible() failed"],
    });
  });
});
