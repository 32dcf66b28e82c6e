import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { keyringFromEnv } from "../../lib/crypto/app-key";
import { runningEmbeddedPostgres } from "../../tools/db/running-postgres";
import { bulkSeed } from "../../tools/demo/bulk-seed";
import { staffPage } from "./support";

// Runs last (alphabetically): it adds 10 000 complaints to the shared e2e database.
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const dataDir = process.env.E2E_DATA_DIR!;
  const url = await runningEmbeddedPostgres(dataDir);
  if (!url) throw new Error("the e2e server's database is not running");
  const secrets = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await bulkSeed({ client, keyring: keyringFromEnv(secrets), complaints: 10_000, months: 12, seed: 11 });
  } finally {
    await client.end();
  }
});

const yearAgo = () => new Date(Date.now() + 8 * 3_600_000 - 364 * 86_400_000).toISOString().slice(0, 10);
const number = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

async function queueTotal(page: Page) {
  await page.waitForURL(/\/admin\/complaints\?/);
  return number(await page.getByTestId("queue-total").textContent());
}

test("the dashboard draws its charts as SVG over 10 000 bulk-seeded complaints, and every kind of element drills into the queue with the same number", async ({
  browser,
}) => {
  const admin = await staffPage(browser, "admin@kesu.demo");
  const dashboard = `/admin?from=${yearAgo()}&grain=month`;
  await admin.goto(dashboard);
  const bars = admin.getByTestId("chart-volume").locator(".recharts-bar-rectangle");
  await expect(bars.first()).toBeVisible();
  expect(await bars.count()).toBeGreaterThanOrEqual(12);
  for (const chart of ["firstResponse", "handling", "breachRate", "csat", "nps"])
    await expect(admin.getByTestId(`chart-${chart}`).locator("svg .recharts-line-curve")).toHaveCount(1);
  await expect(admin.getByTestId("category-donut").locator("svg .recharts-pie-sector").first()).toBeVisible();
  expect(number(await admin.getByTestId("kpi-complaints").getAttribute("data-count"))).toBeGreaterThanOrEqual(10_000);
  await admin.screenshot({ path: test.info().outputPath("dashboard.png"), fullPage: true });

  // A bar: the busiest month.
  const months = await admin
    .getByTestId("table-volume")
    .locator("a")
    .evaluateAll((links) => links.map((a) => Number(a.getAttribute("data-count"))));
  const busiest = months.indexOf(Math.max(...months));
  await bars.nth(busiest).click();
  expect(await queueTotal(admin)).toBe(months[busiest]);

  // A slice of the donut's outer ring (subtypes, after the four groups).
  await admin.goto(dashboard);
  // Sectors are drawn inner ring (the four groups) first, then the subtypes, in the table's order.
  const slices = await admin
    .getByTestId("table-categories")
    .locator("a")
    .evaluateAll((links) =>
      links.map((a) => ({ key: a.getAttribute("data-key")!, count: Number(a.getAttribute("data-count")) })),
    );
  const firstSubtype = slices.findIndex((s) => s.key.includes("."));
  const sectors = admin.getByTestId("category-donut").locator("path.recharts-sector");
  await expect(sectors).toHaveCount(slices.length);
  // Dispatched on the sector itself: the centre of a ring sector's bounding box can lie on another slice.
  await sectors.nth(firstSubtype).dispatchEvent("click");
  expect(await queueTotal(admin)).toBe(slices[firstSubtype]!.count);
  await admin.goto(dashboard);
  await sectors.first().dispatchEvent("click");
  expect(await queueTotal(admin)).toBe(slices[0]!.count);

  // A keyword, and a point of the breach-rate line (from its data table).
  await admin.goto(dashboard);
  const word = admin.getByTestId("keyword-cloud").locator("li").first();
  const weight = Number(await word.getAttribute("data-weight"));
  await word.locator("a").click();
  expect(await queueTotal(admin)).toBe(weight);

  await admin.goto(dashboard);
  const breach = admin.getByTestId("table-breachRate").locator("a").last();
  const breached = Number(await breach.getAttribute("data-count"));
  await admin.getByTestId("table-breachRate").locator("xpath=ancestor::details/summary").click();
  await breach.click();
  expect(await queueTotal(admin)).toBe(breached);

  // The drill-down's export holds the same rows.
  const download = admin.waitForEvent("download");
  await admin.getByTestId("export-csv").click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.trim().split("\r\n").length - 1).toBe(breached);
});

test("filters from the URL: unknown values are named and ignored, ranges over two years refused with a message", async ({
  browser,
}) => {
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin?tier=gold&category=fruit.bad");
  await expect(admin.getByTestId("dashboard-notice")).toContainText("tier, category");
  await admin.goto("/admin?from=2020-01-01&to=2026-11-01");
  await expect(admin.getByTestId("dashboard-error")).toHaveText("日期范围不能超过 2 年，已显示最近 30 天。");
  await expect(admin.getByTestId("chart-volume").locator("svg")).toHaveCount(1);
});
