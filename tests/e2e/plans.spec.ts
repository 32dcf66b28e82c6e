import { expect, test } from "@playwright/test";
import { staffPage } from "./support";

// Issue 16, point 3: a weekly report's top problem becomes an improvement plan (owner, action,
// due date, metric, scope); its page compares the window before it with the window after its due
// date, and each window's complaint count opens the queue showing the same count.
test("an admin turns a weekly report's top problem into a plan whose before-window count matches the queue", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/workflows");
  await admin.getByTestId("wf-run-now-kesu-weekly-report").getByRole("button").click();
  const makePlan = admin.getByTestId("report-make-plan").first();
  await expect
    .poll(
      async () => {
        await admin.goto("/admin/reports");
        return makePlan.count();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  const topProblem = makePlan.getByRole("link").first();
  const category = await topProblem.innerText();
  await topProblem.click();
  await admin.waitForURL(/\/admin\/plans\?reportId=/);

  const form = admin.getByTestId("plan-form");
  await expect(admin.getByText("来自周报第 1 大问题。")).toBeVisible();
  await expect(form.locator("select[name=category] option:checked")).toHaveText(category);
  await form.locator("input[name=action]").fill("更换问题批次的供应商");
  await form.locator("select[name=ownerId]").selectOption({ index: 1 });
  await form.locator("select[name=windowDays]").selectOption("7");
  // No metric: refused with the reason beside the form, nothing saved.
  await form.getByRole("button", { name: "创建计划" }).click();
  await expect(form.locator('[data-field-error="metric"]')).toBeVisible();
  await expect(admin.getByTestId("plans").locator("tbody tr")).toHaveCount(0);
  await form.locator("select[name=metric]").selectOption("complaint_rate");
  await form.getByRole("button", { name: "创建计划" }).click();
  await expect(form.getByTestId("action-ok")).toHaveText("改进计划已创建。");

  const row = admin.getByTestId("plans").locator("tr", { hasText: "更换问题批次的供应商" });
  await expect(row).toContainText(category);
  await row.getByRole("link").click();
  await expect(admin.getByTestId("plan")).toContainText("来自");
  const before = admin.getByTestId("plan-windows").locator('a[data-window="before"]');
  const count = await before.innerText();
  await expect(admin.getByTestId("plan-verdict")).toHaveText("截止日后开始统计“截止后”窗口。");
  await before.click();
  await admin.waitForURL(/\/admin\/complaints\?/);
  await expect(admin.getByTestId("queue-total")).toHaveText(`共 ${count} 条`);
});
