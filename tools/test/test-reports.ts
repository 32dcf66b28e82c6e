import { existsSync, readFileSync } from "node:fs";

/** One runner's result as `npm test` adds them up, and the failures it names in its last lines. */
export type SuiteResult = { passed: number; failed: number; skipped: number; failures: string[] };

type VitestFile = {
  name: string;
  status: string;
  message?: string;
  assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
};
type PlaywrightSuite = {
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    file: string;
    line: number;
    ok: boolean;
    tests: { results: { error?: { message?: string } }[] }[];
  }[];
};

const firstLine = (text: string | undefined) =>
  // The runners colour their messages; a CI log shows the escape codes as text.
  (
    (text ?? "")
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .find((line) => line.trim()) ?? ""
  )
    .trim()
    .slice(0, 300);

/** Vitest's JSON report (`--reporter=json`); a missing file is a failed run. */
export function vitestResult(file: string, exitCode: number): SuiteResult {
  if (!existsSync(file))
    return { passed: 0, failed: Math.max(1, exitCode), skipped: 0, failures: [`vitest: no report (exit ${exitCode})`] };
  const report = JSON.parse(readFileSync(file, "utf8"));
  const failures: string[] = [];
  let brokenFiles = 0;
  for (const fileResult of report.testResults as VitestFile[]) {
    const failed = fileResult.assertionResults.filter((t) => t.status === "failed");
    for (const test of failed)
      failures.push(`vitest ${fileResult.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A file that fails to load, or in a hook, with no failed test of its own.
    if (fileResult.status === "failed" && failed.length === 0)
      failures.push(
        `vitest ${fileResult.name}: ${firstLine(fileResult.message) || "failed outside its tests (a hook; see above)"}`,
      );
    // One that fails to load has no test results but still fails the suite.
    if (fileResult.status === "failed" && fileResult.assertionResults.length === 0) brokenFiles += 1;
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
    failures,
  };
}

/** Playwright's JSON report; a flaky test (passed on its retry) counts as passed. */
export function playwrightResult(file: string, exitCode: number): SuiteResult {
  if (!existsSync(file))
    return {
      passed: 0,
      failed: Math.max(1, exitCode),
      skipped: 0,
      failures: [`playwright: no report (exit ${exitCode})`],
    };
  const { stats, errors, suites } = JSON.parse(readFileSync(file, "utf8"));
  const failures: string[] = [];
  const visit = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? [])
      if (!spec.ok) {
        const error = spec.tests.flatMap((t) => t.results).find((r) => r.error)?.error?.message;
        failures.push(`playwright ${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`);
      }
    suite.suites?.forEach(visit);
  };
  ((suites ?? []) as PlaywrightSuite[]).forEach(visit);
  for (const error of (errors ?? []) as { message?: string }[])
    failures.push(`playwright: ${firstLine(error.message)}`);
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (errors?.length ?? 0),
    skipped: stats.skipped,
    failures,
  };
}
