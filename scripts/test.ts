/**
 * `npm test`: lint (ESLint, Prettier, knip — one check each), unit + integration (vitest, real
 * embedded PostgreSQL), then e2e (Playwright in Debian's chromium against a production build).
 * Each reports as usual; the last line adds them up as `N passed, N failed, N skipped` for CI.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { playwrightResult, vitestResult } from "../tools/test/test-reports";

type Totals = { passed: number; failed: number; skipped: number };
const out = mkdtempSync(join(tmpdir(), "kesu-test-report-"));
const bin = (name: string) => join("node_modules", ".bin", name);

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

// CI shows only the end of the output: the names of failed tests are repeated just above the totals.
const failures: string[] = [];

// The house rules as checks: a lint, format or unused-export finding fails the run like a test.
const lint: Totals = { passed: 0, failed: 0, skipped: 0 };
for (const check of ["lint:eslint", "lint:format", "lint:unused"]) {
  if (run("npm", ["run", "-s", check]) === 0) lint.passed += 1;
  else {
    lint.failed += 1;
    failures.push(`lint ${check}`);
  }
}

const vitestFile = join(out, "vitest.json");
const vitestCode = run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestFile}`,
]);
const unit = vitestResult(vitestFile, vitestCode);
failures.push(...unit.failures);

const playwrightFile = join(out, "playwright.json");
// The e2e run's data directory (its embedded PostgreSQL, secrets, uploads: ≈ 350 MB) belongs to this
// run: removed once Playwright has stopped the app, unless the caller named one to keep.
const e2eDataDir = process.env.E2E_DATA_DIR ? null : mkdtempSync(join(tmpdir(), "kesu-e2e-"));
const playwrightCode = run(bin("playwright"), ["test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile,
  ...(e2eDataDir ? { E2E_DATA_DIR: e2eDataDir } : {}),
});
if (e2eDataDir) rmSync(e2eDataDir, { recursive: true, force: true });
const e2e = playwrightResult(playwrightFile, playwrightCode);
failures.push(...e2e.failures);

const total = {
  passed: lint.passed + unit.passed + e2e.passed,
  failed: lint.failed + unit.failed + e2e.failed,
  skipped: unit.skipped + e2e.skipped,
};
if (total.failed === 0 && (vitestCode !== 0 || playwrightCode !== 0)) total.failed = 1; // a runner error without a failed test
// At most 30 lines, so a database that went away mid-run does not push the totals out of sight.
const shown = failures.slice(0, 30).map((f) => `  ${f.slice(0, 400)}`);
if (failures.length > shown.length) shown.push(`  … and ${failures.length - shown.length} more (above)`);
if (failures.length > 0) console.log(`\nFailed:\n${shown.join("\n")}`);
console.log(
  `\nlint: ${lint.passed} passed, ${lint.failed} failed · vitest: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped · playwright: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`,
);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
