import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_API_KEY, E2E_METRICS_TOKEN, E2E_STAFF_PASSWORD } from "./tests/e2e/constants";

const port = Number(process.env.E2E_PORT ?? 3100);
// A fresh data directory per run: its own embedded PostgreSQL, secrets and uploads. Only named
// here: the app's start creates it (tools/start/prepare-runtime.ts), so tools that merely load
// this file (knip) leave no empty directory behind.
const dataDir = process.env.E2E_DATA_DIR ?? join(tmpdir(), `kesu-e2e-${process.pid}-${Date.now().toString(36)}`);
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${port}`,
    ...devices["iPhone 13"],
    defaultBrowserType: "chromium",
    viewport: { width: 375, height: 812 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `http://localhost:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      SHOP_API_KEY: E2E_API_KEY,
      DEMO_PASSWORD: E2E_STAFF_PASSWORD,
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      KESU_ALLOW_PRIVATE_TARGETS: "1",
      KESU_CONFIRMATION_WAIT_MINUTES: "1",
      KESU_ENGINE_RETRY_BASE_MS: "200",
      APP_URL: `http://localhost:${port}`,
      DATABASE_URL: "",
    },
  },
});
